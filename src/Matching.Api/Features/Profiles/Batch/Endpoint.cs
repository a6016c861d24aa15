using FastEndpoints;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Matching.Api.Contracts;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;

namespace Matching.Api.Features.Profiles.Batch;

/// <summary>The body of POST /profiles:batch: questionnaires, each as the body of POST /profiles.</summary>
public sealed class Request
{
    /// <summary>Questionnaires, each as the body of POST /profiles; 1 to Limits:MaxBatchItems (default 100).</summary>
    [Required]
    [MinLength(1)]
    public List<QuestionnaireRequest>? Items { get; set; }
}

/// <summary>The envelope only: each item is checked on its own, so one bad item does not refuse the others.</summary>
public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Items).NotNull().WithMessage("items is required: an array of questionnaires, each as the body of POST /profiles.")
            .Must(i => i is null || i.Count > 0).WithMessage("items must hold at least one questionnaire.");
    }
}

/// <summary>What happened to each item of a batch, in the order sent, with the counts.</summary>
public sealed class Response
{
    /// <summary>Items stored as new profiles (201).</summary>
    public int Created { get; init; }
    /// <summary>Items whose externalId existed: re-extracted and replaced, same id (200).</summary>
    public int Updated { get; init; }
    /// <summary>Items not stored (400 or 422; see each item's problem).</summary>
    public int Failed { get; init; }
    /// <summary>One result per item, in the order sent.</summary>
    public List<ItemResult> Items { get; init; } = [];
}

/// <summary>One item's outcome: what POST /profiles would have answered for it alone.</summary>
[NJsonSchema.Annotations.JsonSchema("BatchItemResult")]
public sealed class ItemResult
{
    /// <summary>The item's position in items, from 0.</summary>
    public int Index { get; init; }
    /// <summary>The item's externalId (trimmed), or null when it has none.</summary>
    public string? ExternalId { get; init; }
    /// <summary>What POST /profiles would have answered for this item alone: 201 created, 200 updated (its externalId existed), 400 invalid, 422 not extractable.</summary>
    [AllowedValues(200, 201, 400, 422)]
    [EnumNames("Updated", "Created", "Invalid", "Unprocessable")]
    public int Status { get; init; }
    /// <summary>The stored profile's id (201 and 200), else null.</summary>
    public string? ProfileId { get; init; }
    /// <summary>Why the item was not stored (400, 422), else null.</summary>
    public ItemProblem? Problem { get; init; }
}

/// <summary>An item's problem, as the problem-details body POST /profiles would have answered (without a traceId: the batch has one).</summary>
[NJsonSchema.Annotations.JsonSchema("BatchItemProblem")]
public sealed class ItemProblem
{
    /// <summary>https://matching.example/problems/ + code.</summary>
    public string Type { get; init; } = "";
    /// <summary>A short summary, the same for every problem of this type.</summary>
    public string Title { get; init; } = "";
    /// <summary>The status POST /profiles would have answered: 400 (the item is invalid) or 422 (nothing could be extracted).</summary>
    [AllowedValues(400, 422)]
    [EnumNames("Invalid", "Unprocessable")]
    public int Status { get; init; }
    /// <summary>What is wrong with this item.</summary>
    public string Detail { get; init; } = "";
    /// <summary>validation-failed, or the extractor's reason: empty, not-text, unsupported-language, no-skills.</summary>
    public string Code { get; init; } = "";
    /// <summary>The offending fields (validation-failed), by their path inside the item; else null.</summary>
    public List<FieldError>? Errors { get; init; }
}

public sealed class Endpoint(
    ISkillExtractor extractor,
    IProfileWriter profiles,
    SkillTaxonomy taxonomy,
    MatchIndexHost index,
    MatchingMetrics metrics,
    ICustomFieldStore customFields,
    ApiLimits limits,
    IConfiguration config) : Endpoint<Request, Response>
{
    public static string TooManyItemsCode => ProblemTypes.TooManyItems.Code;
    public const int DefaultMaxItems = 100;

    private readonly QuestionnaireRequestValidator _itemValidator = new(limits);

    public override void Configure()
    {
        // Google's custom-method style, as in the contract: a literal ':' in a path segment is plain text to ASP.NET routing.
        Post("/profiles:batch");
        Policies(ApiKeyDefaults.WritePolicy);
        Description(b => b
            .Produces<Response>(200, "application/json")
            .ProducesProblems(400, 413));
        Summary(s =>
        {
            s.Summary = "Ingest many questionnaires: each item as POST /profiles, with a status per item";
            s.Description =
                "Each item is validated, extracted and stored on its own, in a transaction of its own, exactly as POST /profiles " +
                "would (201 new, 200 when its externalId exists: re-extracted, same id, overrides kept); an item that POST /profiles " +
                "would refuse gets its 400 or 422 problem in its result while the others are stored. The answer is 200 with one " +
                "result per item, in order, whenever the envelope is valid. At most Limits:MaxBatchItems items (default 100): " +
                "more is a 413 with code too-many-items. An item repeating an earlier item's externalId updates that profile. " +
                "If the database fails midway (503), the items before it are stored: resending the batch is safe for items " +
                "with an externalId.";
            s.Responses[200] = "One result per item (index, externalId, status, profileId or problem)";
            s.Responses[400] = "The envelope is invalid (items missing or empty, not JSON)";
            s.Responses[413] = "More items than Limits:MaxBatchItems (too-many-items), or a body over Limits:MaxRequestBodyBytes";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var max = Math.Max(1, config.GetValue<int?>("Limits:MaxBatchItems") ?? DefaultMaxItems);
        var items = r.Items!;
        if (items.Count > max)
        {
            await Send.ResultAsync(Problems.Result(ProblemTypes.TooManyItems,
                $"A batch holds at most {max} items; this one has {items.Count}. Split it.",
                new Dictionary<string, object?> { ["maxItems"] = max }));
            return;
        }

        var results = new List<ItemResult>(items.Count);
        var declared = items.Any(i => i?.Attributes is not null) ? await CustomFieldCatalog.ReadAsync(customFields, ct) : null;
        for (var i = 0; i < items.Count; i++) results.Add(await IngestAsync(i, items[i], declared, ct));
        if (results.Any(x => x.ProfileId is not null)) await index.CatchUpAsync(ct);
        await Send.OkAsync(new Response
        {
            Created = results.Count(x => x.Status == StatusCodes.Status201Created),
            Updated = results.Count(x => x.Status == StatusCodes.Status200OK),
            Failed = results.Count(x => x.Problem is not null),
            Items = results,
        }, ct);
    }

    /// <summary>One item, as the single ingest handles its body: validate, extract, upsert (its own transaction).</summary>
    private async Task<ItemResult> IngestAsync(int index, QuestionnaireRequest? item,
        IReadOnlyDictionary<string, CustomFieldDefinition>? declared, CancellationToken ct)
    {
        if (item is null)
            return Invalid(index, null, [new FieldError("body", "Each item must be a JSON object, as the body of POST /profiles.")]);
        var externalId = string.IsNullOrWhiteSpace(item.ExternalId) ? null : item.ExternalId.Trim();
        var validation = await _itemValidator.ValidateAsync(item, ct);
        if (!validation.IsValid)
            return Invalid(index, externalId, validation.Errors
                .Select(e => new FieldError(Problems.FieldPath(e.PropertyName), e.ErrorMessage))
                .DistinctBy(e => (e.Name, e.Reason))
                .ToList());

        ProfileAttributes? attributes = null;
        if (item.Attributes is not null)
        {
            var errors = new List<FieldError>();
            attributes = Search.AttributeRules.Build(item.Attributes, "attributes.", declared!, errors);
            if (errors.Count > 0) return Invalid(index, externalId, errors);
        }
        var (profile, created, failure) = await ProfileIngestion.IngestAsync(item, attributes, extractor, profiles, taxonomy, metrics, ct);
        if (failure is not null)
        {
            var problem = ToItem(ExtractionProblems.From(failure));
            return new ItemResult { Index = index, ExternalId = externalId, Status = problem.Status, Problem = problem };
        }

        return new ItemResult
        {
            Index = index,
            ExternalId = externalId,
            Status = created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            ProfileId = profile!.Id,
        };
    }

    private static ItemResult Invalid(int index, string? externalId, List<FieldError> errors)
    {
        var detail = errors.Count == 1 ? errors[0].Reason : $"{errors.Count} problems: " + string.Join(" ", errors.Select(e => e.Reason));
        var problem = ToItem(Problems.Result(ProblemTypes.ValidationFailed, detail), errors);
        return new ItemResult { Index = index, ExternalId = externalId, Status = problem.Status, Problem = problem };
    }

    /// <summary>The problem POST /profiles would have answered, made by the same code, as an item's problem.</summary>
    private static ItemProblem ToItem(Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult result, List<FieldError>? errors = null)
    {
        var p = result.ProblemDetails;
        return new ItemProblem
        {
            Type = p.Type ?? "",
            Title = p.Title ?? "",
            Status = p.Status ?? result.StatusCode,
            Detail = p.Detail ?? "",
            Code = p.Extensions.TryGetValue("code", out var code) && code is string c ? c : "",
            Errors = errors,
        };
    }
}
