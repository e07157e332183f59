using System.Security.Cryptography;
using DGNet.Build;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace DGNet.Tests.Build;

/// <summary>The Scalar patch rewrites the finalizer and adds the free method, in a copy, once.</summary>
public class TorchSharpScalarPatcherTests
{
    private static IEnumerable<MethodReference> Calls(MethodDefinition method) =>
        method.Body.Instructions.Where(i => i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt)
            .Select(i => (MethodReference)i.Operand);

    [Fact]
    public void PatchesACopyOnceAndLeavesThePackageAlone()
    {
        string package = TorchSharpPackage.File("lib", "net8.0", "TorchSharp.dll");
        Assert.True(File.Exists(package), $"restore puts TorchSharp in the NuGet cache: {package}");
        byte[] packageHash = SHA256.HashData(File.ReadAllBytes(package));
        string path = TempFiles.Path("TorchSharp.dll");
        File.Copy(package, path);

        Assert.Equal(ScalarPatchResult.Patched, ScalarFinalizerPatcher.PatchFile(path));
        Assert.Equal(ScalarPatchResult.AlreadyPatched, ScalarFinalizerPatcher.PatchFile(path));
        Assert.Equal(packageHash, SHA256.HashData(File.ReadAllBytes(package)));

        using var original = ModuleDefinition.ReadModule(package);
        using var patched = ModuleDefinition.ReadModule(path);
        var scalar = patched.GetType("TorchSharp.Scalar");
        var finalize = scalar.Methods.Single(m => m.Name == "Finalize");
        Assert.DoesNotContain(Calls(finalize), c => c.Name is "THSTorch_dispose_scalar" or "Dispose");
        Assert.Contains(Calls(finalize), c => c.Name == "Enqueue" && c.DeclaringType.Name == "ConcurrentQueue`1");
        var free = scalar.Methods.Single(m => m.Name == ScalarFinalizerPatcher.FreeMethodName);
        Assert.True(free.IsPublic && free.IsStatic && !free.HasParameters && free.ReturnType.FullName == "System.Int32");
        Assert.Contains(Calls(free), c => c.Name == "THSTorch_dispose_scalar");
        // No reference to the build machine's runtime: the patch uses the assembly's own references.
        Assert.Equal(original.AssemblyReferences.Select(r => r.FullName), patched.AssemblyReferences.Select(r => r.FullName));
        Assert.Equal(original.Assembly.Name.FullName, patched.Assembly.Name.FullName);
    }

    [Fact]
    public void RefusesAnAssemblyWithoutTorchSharpsScalar()
    {
        string path = TempFiles.Path("DGNet.dll");
        File.Copy(typeof(DeferredScalarFrees).Assembly.Location, path);
        var error = Assert.Throws<InvalidDataException>(() => ScalarFinalizerPatcher.PatchFile(path));
        Assert.Contains("TorchSharp.Scalar", error.Message);
    }
}
