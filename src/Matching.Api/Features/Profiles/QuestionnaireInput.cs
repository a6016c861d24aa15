using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Matching.Api.Infrastructure;
using Matching.Core.Extraction;

namespace Matching.Api.Features.Profiles;

/// <summary>
/// A questionnaire as the HR system sends it. format markdown or text: send content (the whole text) and leave answers
/// out or null; format qa: send answers (question/answer pairs) and leave content out or null.
/// </summary>
[NJsonSchema.Annotations.JsonSchema("Questionnaire")]
public sealed class QuestionnaireInput
{
    /// <summary>markdown (headings split sections), text (plain text) or qa (question/answer pairs in answers).</summary>
    [Required]
    [AllowedValues("markdown", "text", "qa")]
    public string? Format { get; set; }
    /// <summary>The questionnaire text, for the markdown and text formats (required for them; null or absent for qa). At most 100000 characters.</summary>
    public string? Content { get; set; }
    /// <summary>Question/answer pairs, for the qa format (required for it; null or absent for markdown and text). At most 500.</summary>
    public List<QaInput>? Answers { get; set; }

    public Questionnaire ToQuestionnaire() => Format!.ToLowerInvariant() switch
    {
        "markdown" => Questionnaire.Markdown(Content!),
        "text" => Questionnaire.Text(Content!),
        _ => new Questionnaire(QuestionnaireFormat.Qa, null,
            Answers!.Select(a => new QaAnswer(a.Question ?? "", a.Answer ?? "")).ToList()),
    };
}

/// <summary>One question of a qa questionnaire and the candidate's answer.</summary>
[NJsonSchema.Annotations.JsonSchema("QaAnswer")]
public sealed class QaInput
{
    /// <summary>The question as asked; skills named only here do not count.</summary>
    public string? Question { get; set; }
    /// <summary>The candidate's answer.</summary>
    [Required]
    public string? Answer { get; set; }
}

/// <summary>The body of POST /profiles and POST /profiles/extract.</summary>
public class QuestionnaireRequest
{
    /// <summary>The HR system's id for the candidate; re-sending it re-extracts and replaces the profile (same id).</summary>
    public string? ExternalId { get; set; }
    /// <summary>The questionnaire: markdown or text with content, or qa with answers.</summary>
    [Required]
    public QuestionnaireInput? Questionnaire { get; set; }
    /// <summary>ru, en or auto (default auto: detected from the text).</summary>
    [AllowedValues("ru", "en", "auto")]
    public string? Language { get; set; }
    /// <summary>
    /// What the candidate is besides skills (location, languages, salary, tags, custom fields, …). Given, they replace the
    /// stored attributes; absent, a re-ingest keeps them. POST /profiles/extract checks them and returns them without storing.
    /// </summary>
    public Search.AttributesInput? Attributes { get; set; }
}

public sealed class QuestionnaireRequestValidator : FastEndpoints.Validator<QuestionnaireRequest>
{
    public static readonly string[] Formats = ["markdown", "text", "qa"];
    public static readonly string[] Languages = ["ru", "en", "auto"];

    public QuestionnaireRequestValidator(ApiLimits limits)
    {
        RuleFor(r => r.ExternalId).MaximumLength(200).Must(NoControlCharacters)
            .WithMessage("externalId must not contain control characters.");
        RuleFor(r => r.Language)
            .Must(l => l is null || Languages.Contains(l, StringComparer.OrdinalIgnoreCase))
            .WithMessage("language must be one of: ru, en, auto.");
        RuleFor(r => r.Questionnaire).NotNull().WithMessage("questionnaire is required.");
        When(r => r.Questionnaire is not null, () =>
        {
            RuleFor(r => r.Questionnaire!.Format).NotEmpty().WithName("questionnaire.format")
                .Must(f => f is null || Formats.Contains(f, StringComparer.OrdinalIgnoreCase))
                .WithMessage("questionnaire.format must be one of: markdown, text, qa.");
            When(r => r.Questionnaire!.Format is { } f && !f.Equals("qa", StringComparison.OrdinalIgnoreCase), () =>
            {
                RuleFor(r => r.Questionnaire!.Content).NotNull().WithName("questionnaire.content")
                    .WithMessage("questionnaire.content is required for markdown and text.")
                    .MaximumLength(limits.MaxQuestionnaireChars).WithName("questionnaire.content")
                    .WithMessage($"questionnaire.content is limited to {limits.MaxQuestionnaireChars} characters.");
                RuleFor(r => r.Questionnaire!.Content).Must(c => !ControlCharacterGuard.HasNul(c))
                    .WithMessage("questionnaire.content must not contain NUL characters.");
                RuleFor(r => r.Questionnaire!.Answers).Must(a => a is null || a.Count == 0).WithName("questionnaire.answers")
                    .WithMessage("questionnaire.answers is only for the qa format.");
            });
            When(r => "qa".Equals(r.Questionnaire!.Format, StringComparison.OrdinalIgnoreCase), () =>
            {
                RuleFor(r => r.Questionnaire!.Answers).NotNull().WithName("questionnaire.answers")
                    .WithMessage("questionnaire.answers is required for the qa format.")
                    .Must(a => a is null || a.Count <= 500).WithName("questionnaire.answers")
                    .WithMessage("At most 500 answers.")
                    .Must(a => a is null || a.All(x => x is not null && x.Answer is not null)).WithName("questionnaire.answers")
                    .WithMessage("Every answer needs an 'answer' string.")
                    .Must(a => a is null || a.All(x => x is null || !ControlCharacterGuard.HasNul(x.Question) && !ControlCharacterGuard.HasNul(x.Answer)))
                    .WithName("questionnaire.answers")
                    .WithMessage("Questions and answers must not contain NUL characters.")
                    .Must(a => a is null || a.Sum(x => (x?.Question?.Length ?? 0) + (x?.Answer?.Length ?? 0)) <= limits.MaxQuestionnaireChars)
                    .WithName("questionnaire.answers")
                    .WithMessage($"Questions and answers together are limited to {limits.MaxQuestionnaireChars} characters.");
                RuleFor(r => r.Questionnaire!.Content).Null().WithName("questionnaire.content")
                    .WithMessage("questionnaire.content is not used by the qa format; send answers.");
            });
        });
    }

    private static bool NoControlCharacters(string? s) => s is null || !s.Any(char.IsControl);
}
