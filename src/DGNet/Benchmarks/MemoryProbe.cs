using System.Globalization;

namespace DGNet.Benchmarks;

/// <summary>
/// The process's resident memory and its high-water mark, from /proc/self/status on Linux (VmRSS, VmHWM). The mark is
/// reset per workload by writing 5 to /proc/self/clear_refs, after the heap's free blocks have been handed back to the
/// kernel, so that each workload's peak is its own (plus what the process already holds) and not that of an earlier
/// one. Elsewhere the peak comes from <see cref="Environment.WorkingSet"/> samples and cannot be reset.
/// </summary>
public static class MemoryProbe
{
    private const string StatusFile = "/proc/self/status";
    private const string ClearRefsFile = "/proc/self/clear_refs";
    private const string StatFile = "/proc/self/stat";

    /// <summary>Resident memory now, in bytes.</summary>
    public static long CurrentBytes() => ReadStatus("VmRSS") ?? Environment.WorkingSet;

    /// <summary>The highest resident memory since the last <see cref="ResetPeak"/> (or since start), in bytes.</summary>
    public static long PeakBytes() => ReadStatus("VmHWM") ?? Environment.WorkingSet;

    /// <summary>
    /// Frees what can be freed (garbage collection with finalizers, which dispose forgotten tensors, and the heap's
    /// free blocks) and restarts the high-water mark from the current resident size. Returns false where the mark
    /// cannot be reset (then <see cref="PeakBytes"/> keeps counting from process start).
    /// </summary>
    public static bool ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        HeapTuning.ReleaseFreedMemory();
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText(ClearRefsFile, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Minor page faults of the process since it started (all threads), or null off Linux: each is a page the kernel
    /// had to map and zero, which a heap that keeps freed blocks (<see cref="HeapTuning"/>) avoids.
    /// </summary>
    public static long? MinorPageFaults() => ReadProcFile(StatFile) is string stat ? ParseMinorFaults(stat) : null;

    /// <summary>
    /// The minor-fault count (field 10) of a /proc/PID/stat line; null if malformed. Fields are counted after the
    /// command name's closing parenthesis, as the name may hold spaces and parentheses itself.
    /// </summary>
    public static long? ParseMinorFaults(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        int end = stat.LastIndexOf(')');
        if (end < 0) return null;
        // After the name: state (field 3), ppid, pgrp, session, tty_nr, tpgid, flags, minflt (field 10).
        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 7 && long.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out long faults)
            ? faults : null;
    }

    /// <summary>A size field ("VmHWM", "VmRSS", ...) of a /proc/PID/status text, in bytes; null if absent.</summary>
    public static long? ParseStatusField(string status, string field)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var parts = line[(field.Length + 1)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long value)) return null;
            long unit = parts.Length > 1 ? parts[1].ToLowerInvariant() switch
            {
                "kb" => 1024,
                "mb" => 1024 * 1024,
                "gb" => 1024L * 1024 * 1024,
                _ => 1,
            } : 1;
            return value * unit;
        }
        return null;
    }

    private static long? ReadStatus(string field) =>
        ReadProcFile(StatusFile) is string status ? ParseStatusField(status, field) : null;

    /// <summary>The text of a /proc file of this process; null off Linux or when it cannot be read.</summary>
    private static string? ReadProcFile(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
