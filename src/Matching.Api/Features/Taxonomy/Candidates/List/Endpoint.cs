using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.Taxonomy.Candidates.List;

public sealed class Request
{
    /// <summary>Only terms named by at least this many stored profiles, 1–1000000 (default 2).</summary>
    public int? MinProfiles { get; set; }
    /// <summary>Page size, 1–200 (default 50).</summary>
    public int? Limit { get; set; }
    /// <summary>The nextCursor of the previous page.</summary>
    public string? Cursor { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.MinProfiles).InclusiveBetween(1, 1_000_000);
        RuleFor(r => r.Limit).InclusiveBetween(1, 200);
        RuleFor(r => r.Cursor).MaximumLength(400);
    }
}

public sealed class Endpoint(ICandidateTermStore candidates, TaxonomySnapshot snapshot) : Endpoint<Request, Paged<CandidateTermDto>>
{
    public override void Configure()
    {
        Get("/taxonomy/candidates");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.ProducesProblems(400));
        Summary(s =>
        {
            s.Summary = "Terms the taxonomy does not know yet";
            s.Description =
                "Tool-like terms that stored questionnaires name and that resolve to no skill (Latin-script names in Russian " +
                "text, items of lists beside known skills, versioned names such as \"Strimzi 0.40\", product-shaped names such " +
                "as \"TimeSeriesSplit\"), by the number of stored profiles naming them, most first, with up to three short quotes " +
                "(at most 80 characters each; nothing else of the questionnaires). Rejected terms are never listed; an accepted " +
                "term names a skill from then on and leaves the list. Paged with an opaque cursor; counts move as profiles are " +
                "written, so a term whose count changes between two pages may be seen twice or not at all.";
            s.Responses[200] = "A page of candidate terms";
            s.Responses[400] = "validation-failed: minProfiles or limit out of range; invalid-cursor";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        Page<CandidateTermSummary> page;
        try
        {
            page = await candidates.ListAsync(r.MinProfiles ?? 2, r.Limit ?? 50, r.Cursor, ct);
        }
        catch (InvalidCursorException)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.InvalidCursor, "The cursor is not one this API issued."));
            return;
        }
        // A term accepted on another replica a moment ago may still be noted by a profile written before it resolved.
        var items = page.Items.Where(i => snapshot.Taxonomy.ResolveExact(i.Display) is null).Select(CandidateTermDto.From).ToList();
        await Send.OkAsync(new Paged<CandidateTermDto>(items, page.NextCursor), ct);
    }
}
