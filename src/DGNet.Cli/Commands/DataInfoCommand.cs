using System.CommandLine;
using System.Globalization;
using DGNet.Data;

namespace DGNet.Cli.Commands;

/// <summary><c>dgnet data info FILE.npz</c>: what an .npz file holds, and whether it is a usable dataset.</summary>
internal static class DataInfoCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("file") { Description = "An .npz file." };
        var command = new Command("info",
            "Show each array of an .npz file (name, dtype, shape; min, max and non-finite values of numeric arrays) " +
            "and, for a dataset, a summary.")
        {
            file,
        };
        command.SetAction(parse =>
        {
            Write(parse.GetValue(file)!, parse.InvocationConfiguration.Output);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(string path, TextWriter output)
    {
        var arrays = Npz.Read(path);
        output.WriteLine($"{path}: {arrays.Count} array{(arrays.Count == 1 ? "" : "s")}");
        if (arrays.Count > 0)
        {
            var rows = arrays.Select(kv => (Name: kv.Key, Type: kv.Value.TypeName, Shape: NpyArray.FormatShape(kv.Value.Shape),
                Values: Describe(kv.Value))).ToList();
            int nameWidth = Math.Max(4, rows.Max(r => r.Name.Length));
            int typeWidth = Math.Max(5, rows.Max(r => r.Type.Length));
            int shapeWidth = Math.Max(5, rows.Max(r => r.Shape.Length));
            output.WriteLine($"  {"name".PadRight(nameWidth)}  {"dtype".PadRight(typeWidth)}  {"shape".PadRight(shapeWidth)}  values");
            foreach (var r in rows)
                output.WriteLine($"  {r.Name.PadRight(nameWidth)}  {r.Type.PadRight(typeWidth)}  {r.Shape.PadRight(shapeWidth)}  {r.Values}");
        }
        output.WriteLine(Summary(path));
    }

    private static string Describe(NpyArray array)
    {
        if (array.Count == 0) return "empty";
        switch (array.DType)
        {
            case NpyDType.Unicode:
                return array.Rank == 0 ? Quote(array.ScalarString()) : $"{array.Count} strings, first {Quote(((string[])array.Data)[0])}";
            case NpyDType.Bool:
                var flags = (bool[])array.Data;
                return array.Rank == 0 ? (flags[0] ? "True" : "False") : $"true: {flags.Count(f => f)}  false: {flags.Count(f => !f)}";
            case NpyDType.Float64 or NpyDType.Float32:
                return DescribeFloats(array.ToDoubles(), array.Rank == 0);
            default:
                long[] integers = Integers(array);
                return array.Rank == 0 ? integers[0].ToString(CultureInfo.InvariantCulture)
                    : string.Create(CultureInfo.InvariantCulture, $"min {integers.Min()}  max {integers.Max()}");
        }
    }

    private static string DescribeFloats(double[] values, bool scalar)
    {
        if (scalar) return Number(values[0]);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        long nan = 0, infinite = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v)) nan++;
            else if (double.IsInfinity(v)) infinite++;
            else { min = Math.Min(min, v); max = Math.Max(max, v); }
        }
        string range = nan + infinite == values.Length ? "no finite values" : $"min {Number(min)}  max {Number(max)}";
        return nan + infinite == 0 ? $"{range}  all finite" : $"{range}  NaN: {nan}  infinite: {infinite}";
    }

    /// <summary>Integer elements as exact longs (doubles would round int64 values beyond 2^53).</summary>
    private static long[] Integers(NpyArray array) => array.DType switch
    {
        NpyDType.Int64 => (long[])array.Data,
        NpyDType.Int32 => Array.ConvertAll((int[])array.Data, x => (long)x),
        NpyDType.Int8 => Array.ConvertAll((sbyte[])array.Data, x => (long)x),
        _ => Array.ConvertAll((byte[])array.Data, x => (long)x),
    };

    /// <summary>One line: the dataset's layout, or why the file is not a dataset.</summary>
    private static string Summary(string path)
    {
        Dataset dataset;
        try
        {
            dataset = Dataset.Load(path, requireTrainAndTest: false);
        }
        catch (DataFileException e)
        {
            return $"not a dataset: {e.Problem}";
        }
        using (dataset)
        {
            string state = NpyArray.FormatShape(dataset.StateShape);
            string kind = dataset.Dx is double dx
                ? $"{dataset.StateShape.Length}-D field, dx {Number(dx)}"
                : "ODE state";
            int train = dataset.TrainTrajectories.Length, test = dataset.TestTrajectories.Length;
            string split = $"{train} train / {test} test ({(dataset.IsDefaultSplit ? "default: last 20%" : "from the file")})";
            string warning = train == 0 || test == 0 ? "; training needs both train and test trajectories" : "";
            string trajectories = dataset.Trajectories == 1 ? "1 trajectory" : $"{dataset.Trajectories} trajectories";
            return $"dataset: {trajectories} of {dataset.TimePoints} time points, state {state} ({kind}), " +
                   $"dt {Number(dataset.Dt)}, split {split}, system {dataset.System ?? "(not named)"}{warning}";
        }
    }

    private static string Number(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    private static string Quote(string s)
    {
        string line = s.ReplaceLineEndings(" ");
        return "\"" + (line.Length > 60 ? line[..60] + "..." : line) + "\"";
    }
}
