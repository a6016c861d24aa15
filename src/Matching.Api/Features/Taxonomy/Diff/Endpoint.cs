using System.Globalization;
using FastEndpoints;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;

namespace Matching.Api.Features.Taxonomy.Diff;

/// <summary>The two versions to compare.</summary>
public sealed class Request
{
    /// <summary>A version (as taxonomyVersion shows it) or an overlay revision number; default: the shipped taxonomy (0).</summary>
    public string? From { get; set; }
    /// <summary>A version or a revision number; default: the taxonomy in use.</summary>
    public string? To { get; set; }
}

public sealed class Endpoint(TaxonomyHolder holder, TaxonomySnapshot snapshot, ShippedTaxonomy shipped) : Endpoint<Request, TaxonomyDiffDto>
{
    public override void Configure()
    {
        Get("/taxonomy/diff");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(422));
        Summary(s =>
        {
            s.Summary = "What changed in the taxonomy between two versions";
            s.Description =
                "Skills added and removed, and per skill the aliases gained and lost and which other fields changed " +
                "(name, category, parents, related, externalIds). from and to are versions as taxonomyVersion shows them " +
                "(e.g. a profile's, to see what it was extracted without) or overlay revision numbers; by default from the " +
                "shipped taxonomy to the one in use. A version this installation never had is a 422 unknown-taxonomy-version.";
            s.Responses[200] = "The skills added and removed, and per changed skill its aliases gained and lost and the fields changed";
            s.Responses[422] = "unknown-taxonomy-version: from or to is not a version this installation had";
            s.Params["from"] = "A taxonomy version or revision number (default: the shipped taxonomy)";
            s.Params["to"] = "A taxonomy version or revision number (default: the taxonomy in use)";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var from = RevisionOf(r.From, 0);
        var to = RevisionOf(r.To, snapshot.Revision);
        if (from is null || to is null)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.UnknownTaxonomyVersion,
                $"'{(from is null ? r.From : r.To)}' is not a version of this taxonomy: give a version as taxonomyVersion shows it " +
                $"({shipped.Taxonomy.Version} or {shipped.Taxonomy.Version}+1 … +{snapshot.Revision}) or a revision number (0 to {snapshot.Revision})."));
            return;
        }
        await Send.OkAsync(TaxonomyDiffDto.Of(TaxonomyDiff.Between(At(from.Value), At(to.Value))), ct);
    }

    private SkillTaxonomy At(long revision) =>
        revision == snapshot.Revision ? snapshot.Taxonomy : TaxonomyOverlay.Apply(holder.Shipped.Taxonomy, snapshot.History, revision);

    private long? RevisionOf(string? text, long byDefault)
    {
        if (string.IsNullOrWhiteSpace(text)) return byDefault;
        text = text.Trim();
        var shippedVersion = shipped.Taxonomy.Version;
        long revision;
        if (text == shippedVersion) revision = 0;
        else if (text.StartsWith(shippedVersion + "+", StringComparison.Ordinal)
                 && long.TryParse(text.AsSpan(shippedVersion.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) revision = n;
        else if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out revision)) return null;
        return revision <= snapshot.Revision ? revision : null;
    }
}
