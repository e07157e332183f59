// Makes TorchSharp's Scalar finalizer defer the free of its native value to an explicit call.
//
// Why: TorchSharp 0.107 frees a Scalar's native value (a c10::Scalar) in the Scalar's finalizer. The Scalars it makes
// from plain numbers (0.5 * u, u.square(), the alpha of a + b, ...) are unreachable once their pointer has been read,
// so a garbage collection during the native call that uses one (triggered by an allocation on another thread) can run
// the finalizer and free the value while libtorch still reads it: "INTERNAL ASSERT FAILED at c10/core/Scalar.h", or a
// wrong number. The fix upstream (dispose such Scalars at once) is not in a released version.
//
// The patch: Scalar.Finalize queues the native pointer in a new static ConcurrentQueue instead of freeing it, and a new
// public static method Scalar.FreeDeferred() frees the queued pointers and returns how many. The program calls it at
// points where none of its TorchSharp calls is in flight (DGNet.DeferredScalarFrees). Scalars disposed explicitly are
// freed at once, as before.
//
// This file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the build task (see TorchSharpScalarFix.targets),
// and by the test project with SCALAR_PATCHER_CORE_ONLY defined, which leaves out the MSBuild task class.
using System;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace DGNet.Build
{
    /// <summary>Outcome of <see cref="ScalarFinalizerPatcher.PatchFile"/>.</summary>
    public enum ScalarPatchResult
    {
        /// <summary>The finalizer now defers the free.</summary>
        Patched,
        /// <summary>The assembly was patched before.</summary>
        AlreadyPatched,
    }

    /// <summary>Rewrites TorchSharp.Scalar in a TorchSharp assembly (see the file's header).</summary>
    public static class ScalarFinalizerPatcher
    {
        /// <summary>The public static method the patch adds: frees the queued native values, returns their number.</summary>
        public const string FreeMethodName = "FreeDeferred";

        private const string QueueFieldName = "deferredFrees";

        /// <summary>
        /// Patches the assembly at <paramref name="path"/>, writing a copy that is then renamed over it, so that a hard
        /// link into a package cache is never written through.
        /// </summary>
        /// <exception cref="InvalidDataException">The assembly's Scalar is not shaped as the patch expects.</exception>
        public static ScalarPatchResult PatchFile(string path)
        {
            string temp = path + ".scalar-tmp";
            using (var module = ModuleDefinition.ReadModule(path, new ReaderParameters { InMemory = true }))
            {
                var scalar = module.GetType("TorchSharp.Scalar") ?? throw new InvalidDataException("no type TorchSharp.Scalar");
                if (scalar.Methods.Any(m => m.Name == FreeMethodName)) return ScalarPatchResult.AlreadyPatched;
                Patch(module, scalar);
                File.Copy(path, temp, true); // keeps the original's permissions
                module.Write(temp);
            }
            File.Delete(path);
            File.Move(temp, path);
            return ScalarPatchResult.Patched;
        }

        private static void Patch(ModuleDefinition module, TypeDefinition scalar)
        {
            var handle = scalar.Fields.SingleOrDefault(f => f.Name == "handle" && f.FieldType.FullName == "System.IntPtr")
                ?? throw new InvalidDataException("Scalar has no IntPtr field 'handle'");
            var finalize = scalar.Methods.SingleOrDefault(m => m.Name == "Finalize" && !m.HasParameters)
                ?? throw new InvalidDataException("Scalar has no finalizer");
            var free = scalar.Methods
                .Where(m => m.Name == "Dispose" && m.Parameters.Count == 1 && m.HasBody)
                .SelectMany(m => m.Body.Instructions)
                .Where(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference r && r.Name == "THSTorch_dispose_scalar")
                .Select(i => (MethodReference)i.Operand)
                .FirstOrDefault() ?? throw new InvalidDataException("Scalar.Dispose(bool) does not call THSTorch_dispose_scalar");

            // ConcurrentQueue<IntPtr>, through the assembly's own reference to System.Collections.Concurrent.
            var concurrent = module.AssemblyReferences.FirstOrDefault(r => r.Name == "System.Collections.Concurrent")
                ?? throw new InvalidDataException("the assembly does not reference System.Collections.Concurrent");
            var queueOpen = new TypeReference("System.Collections.Concurrent", "ConcurrentQueue`1", module, concurrent);
            var element = new GenericParameter(queueOpen);
            queueOpen.GenericParameters.Add(element);
            var queueType = new GenericInstanceType(queueOpen);
            queueType.GenericArguments.Add(module.TypeSystem.IntPtr);
            var construct = new MethodReference(".ctor", module.TypeSystem.Void, queueType) { HasThis = true };
            var enqueue = new MethodReference("Enqueue", module.TypeSystem.Void, queueType) { HasThis = true };
            enqueue.Parameters.Add(new ParameterDefinition(element));
            var tryDequeue = new MethodReference("TryDequeue", module.TypeSystem.Boolean, queueType) { HasThis = true };
            tryDequeue.Parameters.Add(new ParameterDefinition(new ByReferenceType(element)));

            var queue = new FieldDefinition(QueueFieldName, FieldAttributes.Private | FieldAttributes.Static | FieldAttributes.InitOnly, queueType);
            scalar.Fields.Add(queue);

            // The queue is made by the type initializer (a new one, or the existing one's first instructions).
            var initializer = scalar.Methods.SingleOrDefault(m => m.IsConstructor && m.IsStatic);
            if (initializer is null)
            {
                initializer = new MethodDefinition(".cctor",
                    MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig |
                    MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, module.TypeSystem.Void);
                initializer.Body.GetILProcessor().Emit(OpCodes.Ret);
                scalar.Methods.Add(initializer);
            }
            var init = initializer.Body.GetILProcessor();
            var first = initializer.Body.Instructions[0];
            init.InsertBefore(first, init.Create(OpCodes.Newobj, construct));
            init.InsertBefore(first, init.Create(OpCodes.Stsfld, queue));

            // ~Scalar(): if (handle != 0) { deferredFrees.Enqueue(handle); handle = 0; }
            finalize.Body.Instructions.Clear();
            finalize.Body.ExceptionHandlers.Clear();
            finalize.Body.Variables.Clear();
            var f = finalize.Body.GetILProcessor();
            var end = f.Create(OpCodes.Ret);
            f.Emit(OpCodes.Ldarg_0);
            f.Emit(OpCodes.Ldfld, handle);
            f.Emit(OpCodes.Brfalse_S, end);
            f.Emit(OpCodes.Ldsfld, queue);
            f.Emit(OpCodes.Ldarg_0);
            f.Emit(OpCodes.Ldfld, handle);
            f.Emit(OpCodes.Callvirt, enqueue);
            f.Emit(OpCodes.Ldarg_0);
            f.Emit(OpCodes.Ldc_I4_0);
            f.Emit(OpCodes.Conv_I);
            f.Emit(OpCodes.Stfld, handle);
            f.Append(end);

            // public static int FreeDeferred(): while (deferredFrees.TryDequeue(out p)) { THSTorch_dispose_scalar(p); n++; } return n;
            var method = new MethodDefinition(FreeMethodName, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
                module.TypeSystem.Int32);
            var pointer = new VariableDefinition(module.TypeSystem.IntPtr);
            var count = new VariableDefinition(module.TypeSystem.Int32);
            method.Body.Variables.Add(pointer);
            method.Body.Variables.Add(count);
            method.Body.InitLocals = true;
            var p = method.Body.GetILProcessor();
            var loop = p.Create(OpCodes.Ldsfld, queue);
            var done = p.Create(OpCodes.Ldloc, count);
            p.Append(loop);
            p.Emit(OpCodes.Ldloca_S, pointer);
            p.Emit(OpCodes.Callvirt, tryDequeue);
            p.Emit(OpCodes.Brfalse_S, done);
            p.Emit(OpCodes.Ldloc, pointer);
            p.Emit(OpCodes.Call, free);
            p.Emit(OpCodes.Ldloc, count);
            p.Emit(OpCodes.Ldc_I4_1);
            p.Emit(OpCodes.Add);
            p.Emit(OpCodes.Stloc, count);
            p.Emit(OpCodes.Br_S, loop);
            p.Append(done);
            p.Emit(OpCodes.Ret);
            scalar.Methods.Add(method);
        }
    }

#if !SCALAR_PATCHER_CORE_ONLY
    /// <summary>MSBuild task: patches each existing TorchSharp assembly of <see cref="Files"/>.</summary>
    public class DeferScalarFrees : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = new Microsoft.Build.Framework.ITaskItem[0];

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                string path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                try
                {
                    var result = ScalarFinalizerPatcher.PatchFile(path);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, path + ": Scalar finalizer " + result);
                }
                catch (Exception e)
                {
                    Log.LogError("Could not patch the Scalar finalizer of " + path + ": " + e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
