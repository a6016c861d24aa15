using Matching.Core.Extraction;
using Matching.Core.Profiles;

namespace Matching.Data;

/// <summary>What became of one due profile.</summary>
public enum ReextractionOutcome
{
    /// <summary>Re-extracted and written: new extraction, recomposed skills and vector, a change-feed row.</summary>
    Changed,
    /// <summary>Re-extracted to exactly what was stored: only its versions were stamped.</summary>
    Unchanged,
    /// <summary>The questionnaire no longer yields a profile (a reason code is recorded); the profile was left as it was.</summary>
    Failed,
    /// <summary>Rewritten (an ingest or an override) or erased while the run was at it; the newer write stands.</summary>
    Skipped,
}

public static class ReextractionStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>Its process died and the next run could not resume it (the target versions had changed).</summary>
    public const string Abandoned = "abandoned";
}

public static class ReextractionTrigger
{
    public const string Console = "console";
    public const string Api = "api";
}

/// <summary>Reason codes of failures that are not the extractor's own (<see cref="ExtractionFailure"/> codes).</summary>
public static class ReextractionFailureCodes
{
    /// <summary>The extractor threw on this questionnaire (logged with the profile id, never the text).</summary>
    public const string ExtractorError = "extractor-error";
}

/// <summary>How far a run has got. <see cref="Done"/> = changed + unchanged + failed + skipped.</summary>
public sealed record ReextractionCounts(int Total, int Done, int Changed, int Unchanged, int Failed, int Skipped)
{
    public ReextractionCounts Add(ReextractionOutcome outcome) => outcome switch
    {
        ReextractionOutcome.Changed => this with { Done = Done + 1, Changed = Changed + 1 },
        ReextractionOutcome.Unchanged => this with { Done = Done + 1, Unchanged = Unchanged + 1 },
        ReextractionOutcome.Failed => this with { Done = Done + 1, Failed = Failed + 1 },
        ReextractionOutcome.Skipped => this with { Done = Done + 1, Skipped = Skipped + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}

/// <summary>A run as recorded. <see cref="LastProfileId"/> is its cursor: profiles are handled in id order.</summary>
public sealed record ReextractionRun(
    string Id,
    string Status,
    string Trigger,
    string Owner,
    ExtractionVersions Target,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string LastProfileId,
    ReextractionCounts Counts,
    int Resumes,
    string? Error);

/// <summary>A profile the run could not re-extract, and why (an <see cref="ExtractionFailure"/> code).</summary>
public sealed record ReextractionFailure(string ProfileId, string Code);

/// <summary>
/// A due profile as read for re-extraction: its stored questionnaire and language, and the <see cref="UpdatedAt"/> that
/// the write checks, so that a profile rewritten or erased in between is never overwritten.
/// </summary>
public sealed record DueProfile(string Id, string Language, Questionnaire Questionnaire, ExtractionVersions Versions, DateTimeOffset UpdatedAt);

/// <summary>The run was taken over by another process (its lease expired and another start resumed it); this one must stop.</summary>
public sealed class RunTakenOverException(string runId)
    : Exception($"Re-extraction run {runId} is no longer this process's: another process took it over.")
{
    public string RunId { get; } = runId;
}
