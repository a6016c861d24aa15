namespace Matching.Nightly;

/// <summary>What the process's exit code means, for cron, Kubernetes and scripts.</summary>
internal static class ExitCodes
{
    /// <summary>
    /// run: the run finished and was published (or, with --schedule, the scheduler was stopped). reextract: every due
    /// profile was handled and none failed (or, with --dry-run, the due profiles were counted).
    /// </summary>
    public const int Done = 0;
    /// <summary>The run failed; the previous lists are still served (reextract: the next run takes the profiles still due).</summary>
    public const int Failed = 1;
    /// <summary>Bad command line or settings: unknown option or job id, --top out of range, invalid cron expression.</summary>
    public const int BadArguments = 2;
    /// <summary>Another run holds the lock (scoring or re-extraction, each its own); nothing was done.</summary>
    public const int Locked = 3;
    /// <summary>reextract: the run finished, but some questionnaires no longer yield a profile; those keep their previous extraction.</summary>
    public const int SomeFailed = 4;
}
