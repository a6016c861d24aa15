using FastEndpoints;
using FluentValidation;
using Matching.Api.Infrastructure;
using Matching.Data;

namespace Matching.Api.Features.ScoringRuns.List;

public sealed class Request
{
    /// <summary>How many runs, newest first, 1–100 (default 20).</summary>
    public int? Limit { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Limit).InclusiveBetween(1, 100);
}

/// <summary>Scoring runs, newest first.</summary>
/// <param name="Items">The runs, newest first.</param>
public sealed record Response(IReadOnlyList<ScoringRunDto> Items);

public sealed class Endpoint(IScoringRunStore runs) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/scoring-runs");
        Policies(ApiKeyDefaults.ReadPolicy);
        Summary(s =>
        {
            s.Summary = "List scoring runs, newest first";
            s.Responses[200] = "The runs, newest first";
            s.Description = "The kept runs (Scoring:Keep, default 7, plus any older run still holding a job's latest list).";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var items = await runs.ListAsync(r.Limit ?? 20, ct);
        await Send.OkAsync(new Response(items.Select(ScoringRunDto.From).ToList()), ct);
    }
}
