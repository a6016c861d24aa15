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
