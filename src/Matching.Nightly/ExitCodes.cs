namespace Matching.Nightly;

/// <summary>What the process's exit code means, for cron, Kubernetes and scripts.</summary>
internal static class ExitCodes
{
    /// <summary>The run finished and was published (or, with --schedule, the scheduler was stopped).</summary>
    public const int Done = 0;
    /// <summary>The run failed; the previous lists are still served.</summary>
    public const int Failed = 1;
    /// <summary>Bad command line or settings: unknown option or job id, --top out of range, invalid cron expression.</summary>
    public const int BadArguments = 2;
    /// <summary>Another run holds the scoring lock; nothing was done.</summary>
    public const int Locked = 3;
}
