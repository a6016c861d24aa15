namespace Matching.Benchmarks;

/// <summary>The statistics and memory readings both benchmark modes print.</summary>
internal static class Measure
{
    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    /// <summary>Managed heap size after full collections, for measuring what a structure keeps alive.</summary>
    public static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }
}

/// <summary>Both benchmark modes read their options the same way: <c>--name value</c> pairs and bare <c>--flag</c>s.</summary>
internal static class Arguments
{
    /// <summary>
    /// Folds the arguments into options: <paramref name="apply"/> gets the options so far, the argument and a function that
    /// reads the argument's value (the next argument), and throws for an unknown one.
    /// </summary>
    public static T Parse<T>(string[] args, T defaults, Func<T, string, Func<string>, T> apply)
    {
        var options = defaults;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            options = apply(options, name, () => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value"));
        }
        return options;
    }
}
