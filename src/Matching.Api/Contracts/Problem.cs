using System.ComponentModel.DataAnnotations;
using Matching.Api.Infrastructure;

namespace Matching.Api.Contracts;

/// <summary>
/// An error (RFC 9457, application/problem+json). Switch on code; type is https://matching.example/problems/{code}. The
/// README's error table lists every code with its status.
/// </summary>
/// <remarks>For the OpenAPI document: answers are written by <see cref="Problems"/>, with only the members that apply.</remarks>
public sealed class Problem
{
    /// <summary>https://matching.example/problems/ + code.</summary>
    [Required]
    public string Type { get; set; } = "";
    /// <summary>A short summary, the same for every problem of this type.</summary>
    [Required]
    public string Title { get; set; } = "";
    /// <summary>The HTTP status.</summary>
    [Required]
    public int Status { get; set; }
    /// <summary>What happened this time.</summary>
    [Required]
    public string? Detail { get; set; }
    /// <summary>The stable machine code: validation-failed, malformed-json, unknown-skill, not-found, unauthorized, … (see the README).</summary>
    [Required]
    public string Code { get; set; } = "";
    /// <summary>The request's W3C trace context id (00-trace-span-flags), as in the logs.</summary>
    [Required]
    public string TraceId { get; set; } = "";
    /// <summary>validation-failed, malformed-json: each offending field, named as the client writes it (requirements[0].skill).</summary>
    public List<FieldError>? Errors { get; set; }
    /// <summary>unknown-skill: each skill that matched nothing, with the closest skill ids.</summary>
    public List<UnknownSkill>? UnknownSkills { get; set; }
    /// <summary>skill-not-in-profile: the skills a PATCH wanted to remove but the profile does not have.</summary>
    public List<string>? Skills { get; set; }
    /// <summary>unknown-jobs: the job ids that do not exist.</summary>
    public List<string>? UnknownJobs { get; set; }
    /// <summary>run-in-progress: the id of the running run.</summary>
    public string? RunningId { get; set; }
    /// <summary>rate-limited (429), index-loading and other 503s: seconds to wait before retrying (also the Retry-After header).</summary>
    public int? RetryAfter { get; set; }
    /// <summary>response-budget-exceeded: the response budget (Limits:MaxMatchCells), in breakdown rows.</summary>
    public int? Limit { get; set; }
    /// <summary>response-budget-exceeded: the breakdown rows the request would have returned.</summary>
    public long? Cells { get; set; }
    /// <summary>response-budget-exceeded: the largest topK that fits the budget (0: none does).</summary>
    public int? MaxTopK { get; set; }
    /// <summary>too-many-items: the most items one POST /profiles:batch takes (Limits:MaxBatchItems).</summary>
    public int? MaxItems { get; set; }
}
