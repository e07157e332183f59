namespace DGNet.Reproduction;

/// <summary>
/// An exclusive claim on one piece of a reproduction's work (a dataset, a training, a prediction), held as an
/// operating-system file lock in the output's <see cref="Folder"/>. It lets several <c>dgnet reproduce</c> processes share
/// one output folder (say, the same command in two terminals): a piece another process is working on is waited for (or
/// put off) and then reused, never computed twice nor written by two at once. The lock goes with its process, so a crash
/// or a kill leaves nothing to clean up; the small lock files stay, which is what keeps the claim race-free.
/// </summary>
internal sealed class WorkLock : IDisposable
{
    /// <summary>The folder of lock files, inside the output folder.</summary>
    public const string Folder = ".locks";

    /// <summary>The longest pause of a waiting process between tries (it starts at 10 ms and doubles).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly FileStream stream;

    private WorkLock(FileStream stream) => this.stream = stream;

    /// <summary>The lock file of <paramref name="path"/> (a file or folder inside <paramref name="output"/>).</summary>
    public static string LockPath(string output, string path)
    {
        string relative = Path.GetRelativePath(Path.GetFullPath(output), Path.GetFullPath(path));
        return Path.Combine(output, Folder, relative.Replace(Path.DirectorySeparatorChar, '~').Replace(Path.AltDirectorySeparatorChar, '~') + ".lock");
    }

    /// <summary>Claims <paramref name="path"/>, or returns null at once when another holder has it.</summary>
    public static WorkLock? TryAcquire(string output, string path)
    {
        string lockPath = LockPath(output, path);
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix, a sharing lock on Windows) until the stream closes.
            return new WorkLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Whether another holder has <paramref name="path"/> now. Creates nothing (a piece never claimed has no lock file); the
    /// check itself holds a free lock for an instant.
    /// </summary>
    public static bool IsHeld(string output, string path)
    {
        try
        {
            using var probe = new FileStream(LockPath(output, path), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException e)
        {
            return IsHeldElsewhere(e);
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Claims <paramref name="path"/>, waiting while another holder has it; <paramref name="waiting"/> is called once,
    /// when the wait begins. The pause between tries grows from 10 ms to <paramref name="longestPause"/> (default
    /// <see cref="PollInterval"/>), so that short waits stay short.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled while waiting.</exception>
    public static WorkLock Acquire(string output, string path, Action waiting, CancellationToken cancellation, TimeSpan? longestPause = null)
    {
        var pause = TimeSpan.FromMilliseconds(10);
        bool told = false;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (TryAcquire(output, path) is { } acquired) return acquired;
            if (!told)
            {
                waiting();
                told = true;
            }
            cancellation.WaitHandle.WaitOne(pause);
            pause = TimeSpan.FromTicks(Math.Min(2 * pause.Ticks, (longestPause ?? PollInterval).Ticks));
        }
    }

    /// <summary>Whether opening failed because the file is locked, rather than for a reason waiting would not cure.</summary>
    private static bool IsHeldElsewhere(IOException e) =>
        e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException or DriveNotFoundException)
        && (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult == (OperatingSystem.IsLinux() ? 11 : 35) /* EWOULDBLOCK */);

    public void Dispose() => stream.Dispose();
}
