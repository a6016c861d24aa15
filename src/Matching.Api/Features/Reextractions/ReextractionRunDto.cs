using System.ComponentModel.DataAnnotations;
using Matching.Data;

namespace Matching.Api.Features.Reextractions;

/// <summary>A profile the run could not re-extract (it keeps its previous extraction) and the extractor's reason code.</summary>
/// <param name="ProfileId">The profile's id.</param>
/// <param name="Code">The extractor's reason code: no-skills, empty, not-text, unsupported-language or extractor-error.</param>
public sealed record ReextractionFailureDto(string ProfileId, string Code);

/// <summary>
/// A re-extraction run. status: running | succeeded | failed | abandoned (its process died and the versions changed
/// before it could be resumed). extractorVersion and taxonomyVersion are the target: profiles with other versions were
/// due. total = profiles due when the run started; done = changed + unchanged + failed + skipped (rewritten or erased
/// while the run was at them). failures counts failed profiles by reason code (no-skills, empty, not-text,
/// unsupported-language, extractor-error); failedProfiles lists the first 100 by id.
/// </summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status">running, succeeded, failed, or abandoned.</param>
/// <param name="Trigger">What started it: api (POST /reextractions), console (Matching.Nightly reextract), or taxonomy (a change through /taxonomy/skills).</param>
/// <param name="ExtractorVersion">The extractor version profiles are brought to.</param>
/// <param name="TaxonomyVersion">The taxonomy version profiles are brought to.</param>
/// <param name="Total">Profiles due when the run started.</param>
/// <param name="Done">Profiles handled so far: changed + unchanged + failed + skipped.</param>
/// <param name="Changed">Profiles whose skills changed.</param>
/// <param name="Unchanged">Profiles re-extracted to the same skills.</param>
/// <param name="Failed">Profiles that could not be re-extracted (they keep their previous extraction).</param>
/// <param name="Skipped">Profiles rewritten or erased while the run was at them.</param>
/// <param name="Failures">Failed profiles counted by reason code.</param>
/// <param name="FailedProfiles">The first 100 failed profiles by id, with their reason code.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="UpdatedAt">When it last moved (UTC).</param>
/// <param name="FinishedAt">When it finished (UTC), or null while running.</param>
/// <param name="Resumes">How many times it was resumed after its process died.</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record ReextractionRunDto(
    string Id,
    [property: AllowedValues("running", "succeeded", "failed", "abandoned")] string Status,
    [property: AllowedValues("api", "console", "taxonomy")] string Trigger,
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
