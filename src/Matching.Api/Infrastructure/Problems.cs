using System.Diagnostics;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matching.Api.Infrastructure;

/// <summary>One offending field: its path as the client wrote it (<c>requirements[0].skill</c>) and what is wrong with it.</summary>
/// <param name="Name">The field's path as the client writes it (requirements[0].skill); body for the request as a whole.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record FieldError(string Name, string Reason);

/// <summary>
/// RFC 9457 problem-details answers, the one error shape of the API: <c>type</c> (<see cref="ProblemTypes.BaseUri"/> +
/// code), <c>title</c>, <c>status</c>, <c>detail</c>, and the extensions <c>code</c> (on every problem), <c>traceId</c>
/// (W3C, as in the logs), <c>errors</c> (validation) and type-specific ones (<c>unknownSkills</c>, <c>runningId</c>, …).
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemHttpResult Result(ProblemType type, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Create(type, detail, extensions));

    /// <summary>
    /// The status-only form, for code that does not name a type: a known <c>code</c> in the extensions picks the type,
    /// else the status's default type (<see cref="ProblemTypes.ForStatus"/>; not-found for 404); the title is the one given.
    /// Our own code names its type; this keeps code written against the older signature inside the one model.
    /// </summary>
    public static ProblemHttpResult Result(int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var type = ProblemTypes.Find(extensions?.TryGetValue("code", out var code) == true ? code as string : null) is { } known
                   && known.Status == status
            ? known
            : status == StatusCodes.Status404NotFound ? ProblemTypes.NotFound : ProblemTypes.ForStatus(status);
        var problem = Create(type, detail, extensions);
        problem.Title = title;
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(string what, string id) =>
        Result(ProblemTypes.NotFound, $"No {what.ToLowerInvariant()} has id '{id}'.");

    /// <summary>Writes a problem from middleware, unless the response has already started.</summary>
    public static Task WriteAsync(HttpContext context, ProblemType type, string detail, IDictionary<string, object?>? extensions = null)
    {
        if (context.Response.HasStarted) return Task.CompletedTask;
        context.Response.StatusCode = type.Status;
        return Result(type, detail, extensions).ExecuteAsync(context);
    }

    public static ProblemDetails Create(ProblemType type, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Type = type.Type, Title = type.Title, Status = type.Status, Detail = detail };
        problem.Extensions["code"] = type.Code;
        problem.Extensions["traceId"] = TraceId();
        if (extensions is not null)
            foreach (var (key, value) in extensions)
                if (key != "code")
                    problem.Extensions[key] = value;
        return problem;
    }

    /// <summary>
    /// Brings a problem made elsewhere (ASP.NET's defaults, a bare status code) into the model: a code and our type URL,
    /// a W3C trace id, no <c>instance</c> (paths tell nothing the client does not know).
    /// </summary>
    public static void Normalize(ProblemDetails problem, int status)
    {
        var code = problem.Extensions.TryGetValue("code", out var c) ? c as string : null;
        var type = ProblemTypes.Find(code) ?? ProblemTypes.ForStatus(problem.Status ?? status);
        problem.Status ??= status;
        problem.Extensions["code"] = type.Code;
        if (problem.Type is null || !problem.Type.StartsWith(ProblemTypes.BaseUri, StringComparison.Ordinal))
        {
            problem.Type = type.Type;
            problem.Title = type.Title;
        }
        problem.Instance = null;
        problem.Extensions["traceId"] = TraceId();
    }

    /// <summary>FastEndpoints' validation and binding failures as our problem: 400 validation-failed (or malformed-json).</summary>
    public static ProblemDetails Validation(IReadOnlyList<ValidationFailure> failures, int status)
    {
        var malformed = failures.Any(f => f.ErrorCode == JsonFailures.MalformedCode);
        var type = malformed ? ProblemTypes.MalformedJson : status == 400 ? ProblemTypes.ValidationFailed : ProblemTypes.ForStatus(status);
        var errors = failures
            .Select(f => new FieldError(FieldPath(f.PropertyName), f.ErrorMessage))
            .DistinctBy(e => (e.Name, e.Reason))
            .ToList();
        var detail = errors.Count == 1
            ? errors[0].Reason
            : $"{errors.Count} problems: " + string.Join(" ", errors.Select(e => e.Reason.EndsWith('.') ? e.Reason : e.Reason + "."));
        var problem = Create(type, detail);
        problem.Extensions["errors"] = errors;
        return problem;
    }

    /// <summary>A field path as clients write it: <c>Requirements[0].Skill</c> → <c>requirements[0].skill</c>; none → <c>body</c>.</summary>
    public static string FieldPath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path == "GeneralErrors") return "body";
        return string.Join('.', path.Split('.').Select(p => p.Length > 0 ? char.ToLowerInvariant(p[0]) + p[1..] : p));
    }

    /// <summary>The W3C trace context id of the request (<c>00-{trace}-{span}-{flags}</c>), as the logs carry it.</summary>
    public static string TraceId() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id }
            ? id
            : $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00";
}

public static class ProblemResponses
{
    /// <summary>Declares, for the OpenAPI document, that the operation answers these statuses with problem+json.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.Produces<Contracts.Problem>(status, "application/problem+json");
        return builder;
    }
}
