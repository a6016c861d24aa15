using Matching.Data;

namespace Matching.Api.Features.Reextractions;

/// <summary>A profile the run could not re-extract (it keeps its previous extraction) and the extractor's reason code.</summary>
public sealed record ReextractionFailureDto(string ProfileId, string Code);

/// <summary>
/// A re-extraction run. status: running | succeeded | failed | abandoned (its process died and the versions changed
/// before it could be resumed). extractorVersion and taxonomyVersion are the target: profiles with other versions were
/// due. total = profiles due when the run started; done = changed + unchanged + failed + skipped (rewritten or erased
/// while the run was at them). failures counts failed profiles by reason code (no-skills, empty, not-text,
/// unsupported-language, extractor-error); failedProfiles lists the first 100 by id.
/// </summary>
public sealed record ReextractionRunDto(
    string Id,
    string Status,
    string Trigger,
    string ExtractorVersion,
    string TaxonomyVersion,
    int Total,
    int Done,
    int Changed,
    int Unchanged,
    int Failed,
    int Skipped,
    IReadOnlyDictionary<string, int> Failures,
    IReadOnlyList<ReextractionFailureDto> FailedProfiles,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    int Resumes,
    string? Error)
{
    public const int FailedProfilesShown = 100;

    public static async Task<ReextractionRunDto> ReadAsync(IReextractionStore store, ReextractionRun run, CancellationToken ct)
    {
        var failures = run.Counts.Failed == 0 ? new Dictionary<string, int>() : await store.FailureCountsAsync(run.Id, ct);
        var failed = run.Counts.Failed == 0 ? [] : await store.FailuresAsync(run.Id, FailedProfilesShown, ct);
        var c = run.Counts;
        return new ReextractionRunDto(run.Id, run.Status, run.Trigger, run.Target.Extractor, run.Target.Taxonomy,
            c.Total, c.Done, c.Changed, c.Unchanged, c.Failed, c.Skipped, failures,
            failed.Select(f => new ReextractionFailureDto(f.ProfileId, f.Code)).ToList(),
            run.StartedAt, run.UpdatedAt, run.FinishedAt, run.Resumes, run.Error);
    }
}
