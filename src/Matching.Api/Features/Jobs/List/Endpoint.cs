using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Jobs;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Jobs.List;

public sealed class Request
{
    /// <summary>open or closed; all jobs when absent.</summary>
    [AllowedValues("open", "closed")]
    public string? Status { get; set; }
    /// <summary>Page size, 1–200 (default 50).</summary>
    public int? Limit { get; set; }
    /// <summary>The nextCursor of the previous page.</summary>
    public string? Cursor { get; set; }
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Status).Must(s => s is null || s is JobStatus.Open or JobStatus.Closed).WithMessage("status must be open or closed.");
        RuleFor(r => r.Limit).InclusiveBetween(1, 200);
        RuleFor(r => r.Cursor).MaximumLength(400);
    }
}

public sealed class Endpoint(IJobStore jobs, SkillTaxonomy taxonomy) : Endpoint<Request, Paged<JobDto>>
{
    public override void Configure()
    {
        Get("/jobs");
        Policies(ApiKeyDefaults.ReadPolicy);
        Summary(s =>
        {
            s.Summary = "List jobs";
            s.Responses[200] = "A page of jobs";
            s.Description = "Jobs ordered by id (creation order), optionally only open or closed ones, paged with an opaque cursor: " +
                            "pass nextCursor as cursor to get the next page.";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        try
        {
            var page = await jobs.ListAsync(new JobQuery(r.Status, r.Limit ?? 50, r.Cursor), ct);
            await Send.OkAsync(new Paged<JobDto>(page.Items.Select(j => JobDto.From(j, taxonomy)).ToList(), page.NextCursor), ct);
        }
        catch (InvalidCursorException)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.InvalidCursor, "The cursor is not one this API issued."));
        }
    }
}
