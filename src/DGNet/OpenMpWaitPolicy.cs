using System.Runtime.InteropServices;

namespace DGNet;

/// <summary>
/// libtorch's CPU kernels run their parallel regions on OpenMP threads, which by default spin while they wait for
/// each other. When another process takes one of the cores, a spinning thread holds its core while its partner waits
/// for a time slice, and every small operation pays for it: a training run measured 1.8× slower on 2 cores with one
/// busy process beside it (4.5 s passive against 7.8 s spinning; 2.0 s on an idle machine either way). Passive
/// waiting removes that at a small cost on an idle machine. OpenMP reads the setting once, when libtorch is loaded,
/// so this must run before the first TorchSharp call; a value the user set is left alone.
/// </summary>
public static class OpenMpWaitPolicy
{
    private const string Variable = "OMP_WAIT_POLICY";

    /// <summary>Sets OMP_WAIT_POLICY=PASSIVE in the process environment unless it is set. True if it set it.</summary>
    public static bool PreferPassive()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) return false;
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        // .NET keeps its own copy of the environment on Unix; native code (OpenMP) reads the C library's.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            try { return SetEnv(Variable, "PASSIVE", 0) == 0; }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return false; }
        }
        return true;
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);
}
