using System.Diagnostics;
using DGNet.Reproduction;

namespace DGNet.Tests.Reproduction;

/// <summary>Claims on pieces of work: one holder at a time per piece, a waiter gets the piece when its holder lets go
/// (or dies), and a wait can be cancelled.</summary>
public class WorkLockTests
{
    [Fact]
    public void APieceHasOneHolderAtATimeAndOtherPiecesAreFree()
    {
        string output = TempFiles.Folder();
        string training = Path.Combine(output, "runs", "kdv", "dgnet-eq6-seed0-abc");
        using (var first = WorkLock.TryAcquire(output, training))
        {
            Assert.NotNull(first);
            Assert.Null(WorkLock.TryAcquire(output, training));
            using var other = WorkLock.TryAcquire(output, Path.Combine(output, "runs", "kdv", "hnn-dopri5-seed0-abc"));
            Assert.NotNull(other);
        }
        using var again = WorkLock.TryAcquire(output, training);
        Assert.NotNull(again);
        Assert.Equal(Path.Combine(output, WorkLock.Folder, "runs~kdv~dgnet-eq6-seed0-abc.lock"), WorkLock.LockPath(output, training));
    }

    [Fact]
    public void IsHeldFollowsTheHolderAndCreatesNothing()
    {
        string output = TempFiles.Folder(), piece = Path.Combine(output, "runs", "kdv", "dgnet-eq6-seed0-abc");
        Assert.False(WorkLock.IsHeld(output, piece));
        Assert.False(Directory.Exists(Path.Combine(output, WorkLock.Folder)));
        using (WorkLock.TryAcquire(output, piece))
            Assert.True(WorkLock.IsHeld(output, piece));
        Assert.False(WorkLock.IsHeld(output, piece));
        using var claimed = WorkLock.TryAcquire(output, piece); // the check left the piece free
        Assert.NotNull(claimed);
    }

    [Fact]
    public async Task AWaiterGetsThePieceWhenItsHolderLetsGo()
    {
        string output = TempFiles.Folder(), piece = Path.Combine(output, "data", "kdv.npz");
        var holder = WorkLock.TryAcquire(output, piece)!;
        int waits = 0;
        var waiter = Task.Run(() => WorkLock.Acquire(output, piece, () => Interlocked.Increment(ref waits), CancellationToken.None,
            TimeSpan.FromMilliseconds(10)));
        await Task.Delay(200);
        Assert.False(waiter.IsCompleted);
        Assert.Equal(1, Volatile.Read(ref waits));
        holder.Dispose();
        using var acquired = await waiter.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(WorkLock.TryAcquire(output, piece));
        Assert.Equal(1, waits); // told once, however long the wait
    }

    [Fact]
    public void AWaitCanBeCancelled()
    {
        string output = TempFiles.Folder(), piece = Path.Combine(output, "data", "kdv.npz");
        using var holder = WorkLock.TryAcquire(output, piece)!;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.ThrowsAny<OperationCanceledException>(() => WorkLock.Acquire(output, piece, () => { }, cancel.Token));
    }

    [Fact]
    public void AClaimHeldByAnotherProcessIsFreedWhenThatProcessIsKilled()
    {
        // flock(1) from util-linux takes the same kind of lock as .NET's exclusive FileStream on Linux.
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/flock")) return;
        string output = TempFiles.Folder(), piece = Path.Combine(output, "runs", "kdv", "run");
        string lockPath = WorkLock.LockPath(output, piece);
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        using var holder = Process.Start(new ProcessStartInfo("/usr/bin/flock", [lockPath, "sleep", "60"]) { UseShellExecute = false })!;
        var deadline = Stopwatch.StartNew();
        while (WorkLock.TryAcquire(output, piece) is { } early)
        {
            // flock(1) has not taken the lock yet: let go and look again.
            early.Dispose();
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "flock(1) never took the lock");
            Thread.Sleep(20);
        }
        holder.Kill(entireProcessTree: true);
        holder.WaitForExit();
        using var acquired = WorkLock.Acquire(output, piece, () => { }, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token,
            TimeSpan.FromMilliseconds(10));
        Assert.NotNull(acquired);
    }
}
