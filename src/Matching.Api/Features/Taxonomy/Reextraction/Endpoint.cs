using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Features.Reextractions;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Taxonomy.Reextraction;

/// <summary>How this replica followed its last taxonomy change.</summary>
/// <param name="Revision">The overlay revision of the change.</param>
/// <param name="Candidates">Stored profiles whose questionnaire mentions a spelling the change added or removed (or that hold a retired skill).</param>
/// <param name="Restamped">Profiles the change cannot affect, moved to the new version without re-extraction.</param>
/// <param name="SearchMilliseconds">How long the one query that found the candidates took, in milliseconds.</param>
/// <param name="RunId">The re-extraction run that takes the candidates, or null when there were none.</param>
[NJsonSchema.Annotations.JsonSchema("TaxonomyFollowUp")]
public sealed record FollowUpDto(long Revision, int Candidates, int Restamped, double SearchMilliseconds, string? RunId);

/// <summary>How far stored profiles are in step with the taxonomy in use.</summary>
/// <param name="TaxonomyVersion">The version in use, which re-extraction brings stored profiles to.</param>
/// <param name="Run">The latest re-extraction run (trigger taxonomy when a taxonomy change started it), with its progress; null before the first.</param>
/// <param name="LastChange">How this replica followed its last change; null on a replica that made none since it started.</param>
[NJsonSchema.Annotations.JsonSchema("TaxonomyReextraction")]
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
            s.Responses[200] = "The version in use, the latest re-extraction run and how this replica followed its last change";
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
