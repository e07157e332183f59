using System.Runtime.CompilerServices;

namespace DGNet.Tests;

/// <summary>Process-wide settings applied when the test assembly loads, before any test touches libtorch.</summary>
internal static class TestProcessSetup
{
    /// <summary>OpenMP threads wait passively, as in the dgnet command (see <see cref="OpenMpWaitPolicy"/>).</summary>
    [ModuleInitializer]
    internal static void Initialize() => OpenMpWaitPolicy.PreferPassive();
}
