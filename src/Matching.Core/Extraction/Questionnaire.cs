namespace Matching.Core.Extraction;

public enum QuestionnaireFormat { Markdown, Text, Qa }

public sealed record QaAnswer(string Question, string Answer);

/// <summary>A questionnaire as sent: <see cref="Content"/> for markdown/text, <see cref="Answers"/> for qa.</summary>
public sealed record Questionnaire(QuestionnaireFormat Format, string? Content, IReadOnlyList<QaAnswer>? Answers)
{
    public static Questionnaire Markdown(string content) => new(QuestionnaireFormat.Markdown, content, null);
    public static Questionnaire Text(string content) => new(QuestionnaireFormat.Text, content, null);
    public static Questionnaire Qa(params QaAnswer[] answers) => new(QuestionnaireFormat.Qa, null, answers);

    /// <summary>Total characters of candidate-written text.</summary>
    public int Length => Format == QuestionnaireFormat.Qa
        ? Answers?.Sum(a => (a.Question?.Length ?? 0) + (a.Answer?.Length ?? 0)) ?? 0
        : Content?.Length ?? 0;
}
