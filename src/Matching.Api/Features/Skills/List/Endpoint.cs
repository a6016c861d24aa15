using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Taxonomy;

namespace Matching.Api.Features.Skills.List;

public sealed class Request
{
    /// <summary>Filters by id, name or alias (substring, case- and punctuation-insensitive).</summary>
    public string? Q { get; set; }
    /// <summary>Only skills of this category id.</summary>
    public string? Category { get; set; }
    /// <summary>Page size, 1–200 (default 50).</summary>
    public int? Limit { get; set; }
    /// <summary>The nextCursor of the previous page.</summary>
    public string? Cursor { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Q).MaximumLength(200);
        RuleFor(r => r.Category).MaximumLength(100);
        RuleFor(r => r.Limit).InclusiveBetween(1, 200);
        RuleFor(r => r.Cursor).MaximumLength(400).Must(Cursor.IsWellFormed).WithMessage("The cursor is not one this API issued.");
    }
}

public sealed class Endpoint(SkillTaxonomy taxonomy) : Endpoint<Request, Paged<SkillDto>>
{
    public override void Configure()
    {
        Get("/skills");
        Policies(ApiKeyDefaults.ReadPolicy);
        Description(b => b.Produces(304));
        Summary(s =>
        {
            s.Summary = "List the taxonomy's skills";
            s.Responses[200] = "A page of skills, with its ETag";
            s.Responses[304] = "Not modified: the ETag in If-None-Match is current";
            s.Description = "Skills ordered by id, filtered by a search term and/or category, paged with an opaque cursor. " +
                            "With an ETag: send it back in If-None-Match to get 304 while the taxonomy is unchanged.";
        });
    }

    public override Task HandleAsync(Request r, CancellationToken ct)
    {
        var key = string.IsNullOrWhiteSpace(r.Q) ? null : SkillTaxonomy.Normalize(r.Q);
        var after = Cursor.Decode(r.Cursor);
        var limit = r.Limit ?? 50;
        var matches = taxonomy.Skills
            .Where(s => r.Category is null || string.Equals(s.Category, r.Category, StringComparison.OrdinalIgnoreCase))
            .Where(s => key is null || Matches(s, key))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .Where(s => after is null || string.CompareOrdinal(s.Id, after) > 0)
            .Take(limit + 1)
            .ToList();
        var page = matches.Take(limit).Select(SkillDto.From).ToList();
        var next = matches.Count > limit ? Cursor.Encode(page[^1].Id) : null;
        return Send.ResultAsync(ConditionalJson.For(new Paged<SkillDto>(page, next), ConditionalJson.Revalidate));
    }

    private static bool Matches(SkillDefinition s, string key) =>
        s.Id.Contains(key.Replace(' ', '-'), StringComparison.Ordinal)
        || SkillTaxonomy.Normalize(s.Name).Contains(key, StringComparison.Ordinal)
        || s.Aliases.Any(a => SkillTaxonomy.Normalize(a.Text).Contains(key, StringComparison.Ordinal));
}
