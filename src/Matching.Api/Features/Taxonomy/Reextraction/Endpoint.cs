using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Features.Reextractions;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Taxonomy.Reextraction;

/// <summary>
/// How this replica followed its last taxonomy change: candidates = stored profiles whose questionnaire mentions a
/// spelling the change added or removed (or that hold a retired skill), found by one query in searchMilliseconds;
/// restamped = profiles the change cannot affect, moved to the new version without re-extraction; runId = the
/// re-extraction run that takes the candidates.
/// </summary>
public sealed record FollowUpDto(long Revision, int Candidates, int Restamped, double SearchMilliseconds, string? RunId);

/// <summary>
/// taxonomyVersion: the version in use, which re-extraction brings stored profiles to; run: the latest re-extraction run
/// (trigger taxonomy when a taxonomy change started it), with its progress; lastChange: how this replica followed its
/// last change (null on a replica that made none since it started).
/// </summary>
public sealed record Response(string TaxonomyVersion, ReextractionRunDto? Run, FollowUpDto? LastChange);

public sealed class Endpoint(IReextractionStore runs, TaxonomyFollower follower, SkillTaxonomy taxonomy) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/taxonomy/reextraction");
        Policies(ApiKeyDefaults.AdminPolicy);
        Summary(s =>
        {
            s.Summary = "Progress of bringing stored profiles in step with the taxonomy (admin)";
            s.Description =
                "After each change through /taxonomy/skills, the stored profiles it can affect are found by one query over " +
                "the stored questionnaires, every other profile keeps its extraction under the new version, and the affected " +
                "ones are re-extracted in the background by a re-extraction run (trigger taxonomy): resumable, recruiter " +
                "overrides kept, each profile's change on the change feed so every replica's /match follows. The run is the " +
                "same as GET /reextractions/{id} shows.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var latest = await runs.LatestAsync(ct);
        var run = latest is null ? null : await ReextractionRunDto.ReadAsync(runs, latest, ct);
        var last = follower.Last is { } f ? new FollowUpDto(f.Revision, f.Candidates, f.Restamped, Math.Round(f.Search.TotalMilliseconds, 1), f.RunId) : null;
        await Send.OkAsync(new Response(taxonomy.Version, run, last), ct);
    }
}
