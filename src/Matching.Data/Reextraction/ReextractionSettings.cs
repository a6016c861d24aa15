namespace Matching.Data;

/// <summary>
/// Configuration section <c>Reextraction</c>, shared by the console and the API (environment:
/// <c>Reextraction__BatchSize=500</c>).
/// </summary>
public sealed class ReextractionSettings
{
    public const string Section = "Reextraction";

    /// <summary>Due profiles read per page.</summary>
    public int BatchSize { get; set; } = 200;
    /// <summary>Questionnaires extracted at once; 0 = one per core.</summary>
    public int Parallelism { get; set; }
    public int Keep { get; set; } = 20;
    public double LockLeaseSeconds { get; set; } = 60;
    public double HeartbeatSeconds { get; set; } = 5;

    /// <summary>Checked options; <see cref="ArgumentException"/> names the setting that is wrong.</summary>
    public ReextractionOptions ToOptions()
    {
        if (BatchSize is < 1 or > 10_000) throw new ArgumentException($"Reextraction:BatchSize must be 1–10000, not {BatchSize}.");
        if (Parallelism < 0) throw new ArgumentException($"Reextraction:Parallelism must be 0 (one per core) or more, not {Parallelism}.");
        if (Keep < 1) throw new ArgumentException($"Reextraction:Keep must be at least 1, not {Keep}.");
        if (!(LockLeaseSeconds >= 1)) throw new ArgumentException($"Reextraction:LockLeaseSeconds must be at least 1, not {LockLeaseSeconds}.");
        if (!(HeartbeatSeconds > 0) || HeartbeatSeconds >= LockLeaseSeconds)
            throw new ArgumentException(
                $"Reextraction:HeartbeatSeconds must be above 0 and below LockLeaseSeconds ({LockLeaseSeconds}), not {HeartbeatSeconds}.");
        return new ReextractionOptions
        {
            BatchSize = BatchSize,
            Parallelism = Parallelism == 0 ? Environment.ProcessorCount : Parallelism,
            Keep = Keep,
            LockLease = TimeSpan.FromSeconds(LockLeaseSeconds),
            HeartbeatInterval = TimeSpan.FromSeconds(HeartbeatSeconds),
        };
    }
}
