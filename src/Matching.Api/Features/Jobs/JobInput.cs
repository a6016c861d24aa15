using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Matching.Api.Features.Requirements;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;
using Matching.Core.Jobs;
using Matching.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Features.Jobs;

/// <summary>The body of POST /jobs and PUT /jobs/{id}.</summary>
public class JobInput
{
    /// <summary>The HR system's id for the vacancy; unique among jobs (409 when another job has it).</summary>
    public string? ExternalId { get; set; }
    /// <summary>The job title.</summary>
    [Required]
    public string? Title { get; set; }
    /// <summary>The vacancy text. When requirements are not given, they are extracted from it.</summary>
    public string? Description { get; set; }
    /// <summary>open or closed (default open). The nightly run and reverse matches score open jobs.</summary>
    [AllowedValues("open", "closed")]
    public string? Status { get; set; }
    /// <summary>The requirements (at most 100); required unless a description is given to extract them from.</summary>
    public List<RequirementInput>? Requirements { get; set; }
    /// <summary>
    /// The job's default filter (as /match's filter): POST /match by jobId applies it unless the request gives its own filter,
    /// and the nightly lists and reverse matches (GET /profiles/{id}/matches) apply it always. Absent or null: none.
    /// </summary>
    public Search.FilterInput? Filter { get; set; }
}

public sealed class JobInputValidator : FastEndpoints.Validator<JobInput>
{
    public JobInputValidator(ApiLimits limits)
    {
        RuleFor(j => j.Title).NotEmpty().WithMessage("title is required.").MaximumLength(300);
        RuleFor(j => j.ExternalId).MaximumLength(200).Must(s => s is null || !s.Any(char.IsControl))
            .WithMessage("externalId must not contain control characters.");
        RuleFor(j => j.Title).Must(t => !ControlCharacterGuard.HasNul(t)).WithMessage("title must not contain NUL characters.");
        RuleFor(j => j.Description).MaximumLength(limits.MaxQuestionnaireChars)
            .Must(d => !ControlCharacterGuard.HasNul(d)).WithMessage("description must not contain NUL characters.");
        RuleFor(j => j.Status).Must(s => s is null || s is JobStatus.Open or JobStatus.Closed)
            .WithMessage("status must be open or closed.");
        RuleFor(j => j.Requirements).NotEmpty().When(j => string.IsNullOrWhiteSpace(j.Description))
            .WithMessage("Give requirements, or a description to extract them from.");
        this.AddRequirementRules(j => j.Requirements, limits, required: false);
    }
}

internal static class JobWrites
{
    /// <summary>Resolves the requirements (or extracts them from the description) into a write, or a 422.</summary>
    public static async Task<(JobWrite? Write, ProblemHttpResult? Problem)> BuildAsync(JobInput input, SkillResolver resolver,
        SkillExtractor extractor, ICustomFieldStore customFields, CancellationToken ct)
    {
        Core.Scoring.MatchFilter? filter = null;
        if (input.Filter is not null)
        {
            var errors = new List<FieldError>();
            var unknown = new List<UnknownSkill>();
            filter = Search.FilterRules.Build(input.Filter, "filter.", await CustomFieldCatalog.ReadAsync(customFields, ct), resolver, errors, unknown);
            if (errors.Count > 0) return (null, Search.AttributeRules.Problem(errors));
            if (unknown.Count > 0) return (null, UnknownSkills.Problem(unknown));
        }
        IReadOnlyList<Requirement> requirements;
        if (input.Requirements is { Count: > 0 })
        {
            var (resolved, problem) = RequirementRules.Resolve(input.Requirements, resolver);
            if (problem is not null) return (null, problem);
            requirements = resolved!;
        }
        else
        {
            requirements = extractor.ExtractRequirements(input.Description!)
                .Select(r => new Requirement(r.SkillId, r.Weight, r.Required, r.MinLevel)).ToList();
            if (requirements.Count == 0)
                return (null, Problems.Result(ProblemTypes.NoRequirementsFound,
                    "The description names no skill of the taxonomy; give requirements explicitly."));
        }
        var externalId = string.IsNullOrWhiteSpace(input.ExternalId) ? null : input.ExternalId.Trim();
        return (new JobWrite(externalId, input.Title!.Trim(), input.Description, input.Status ?? JobStatus.Open, requirements, filter), null);
    }

    public static ProblemHttpResult Duplicate(DuplicateExternalIdException e) =>
        Problems.Result(ProblemTypes.DuplicateExternalId, $"Another job already has externalId '{e.ExternalId}'.");
}
