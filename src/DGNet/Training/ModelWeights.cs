using DGNet.Data;
using DGNet.Models;
using static TorchSharp.torch;

namespace DGNet.Training;

/// <summary>
/// A model's parameters as an .npz file of named arrays (the names of <c>named_parameters()</c>, e.g.
/// "energy.blocks.1.weight"), in the model's dtype, so that Python reads them with <c>numpy.load</c>. Learned
/// structure parameters are included; fixed operators have none.
/// </summary>
public static class ModelWeights
{
    /// <summary>The parameters as arrays, with <paramref name="prefix"/> before each name.</summary>
    public static IEnumerable<KeyValuePair<string, NpyArray>> ToArrays(PhysicsModel model, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (name, parameter) in model.named_parameters())
            yield return new(prefix + name, NpyArray.FromTensor(parameter));
    }

    /// <summary>Writes the parameters to <paramref name="path"/> atomically.</summary>
    public static void Save(PhysicsModel model, string path, bool overwrite = true) =>
        Npz.Write(path, new Dictionary<string, NpyArray>(ToArrays(model)), compress: false, overwrite);

    /// <summary>Reads parameters written by <see cref="Save"/> into <paramref name="model"/>.</summary>
    /// <exception cref="DataFileException">The file is unreadable, or a parameter is missing or has another shape or
    /// dtype than the model's.</exception>
    public static void Load(PhysicsModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        Restore(model, Npz.Read(path), path);
    }

    /// <summary>Copies the arrays named <paramref name="prefix"/> + parameter name into the model's parameters.</summary>
    /// <exception cref="DataFileException">A parameter is missing or does not fit.</exception>
    public static void Restore(PhysicsModel model, IReadOnlyDictionary<string, NpyArray> arrays, string path, string prefix = "")
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!arrays.TryGetValue(prefix + name, out var array))
                throw new DataFileException(path, $"missing the parameter '{prefix + name}' of the {model.Spec.Model} model");
            if (!array.Shape.SequenceEqual(parameter.shape))
                throw new DataFileException(path,
                    $"parameter '{prefix + name}' has shape {NpyArray.FormatShape(array.Shape)}, the model needs {NpyArray.FormatShape(parameter.shape)}");
            var value = array.ToTensor();
            if (value.dtype != parameter.dtype)
                throw new DataFileException(path, $"parameter '{prefix + name}' is {array.TypeName}, the model is {model.Spec.DType}");
            parameter.copy_(value);
        }
    }
}
