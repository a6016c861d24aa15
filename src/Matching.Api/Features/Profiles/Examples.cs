namespace Matching.Api.Features.Profiles;

internal static class Examples
{
    public static readonly QuestionnaireRequest Ingest = new()
    {
        ExternalId = "hr-123",
        Language = "auto",
        Questionnaire = new QuestionnaireInput
        {
            Format = "markdown",
            Content = "## 1. Какой у вас опыт коммерческой разработки?\n#### Acme - ML engineer\n" +
                      "Разработал сервис детекции на YOLOv8 и PyTorch, развернул в Docker.\n" +
                      "## 2. Работали ли с SQL?\nВ основном PostgreSQL, в студенчестве немного MySQL. С Kubernetes не работал.",
        },
    };

    public static readonly Batch.Request Batch = new()
    {
        Items =
        [
            Ingest,
            new QuestionnaireRequest
            {
                ExternalId = "hr-124",
                Language = "en",
                Questionnaire = new QuestionnaireInput
                {
                    Format = "qa",
                    Answers =
                    [
                        new QaInput { Question = "Which tools do you use every day?", Answer = "Python with pandas and scikit-learn, Airflow for the pipelines, PostgreSQL." },
                        new QaInput { Question = "Anything in production?", Answer = "A churn model served with FastAPI in Docker." },
                    ],
                },
            },
            new QuestionnaireRequest
            {
                ExternalId = "hr-125",
                Questionnaire = new QuestionnaireInput { Format = "text", Content = "Хочу работать у вас." },
            },
            new QuestionnaireRequest { ExternalId = "hr-126", Questionnaire = new QuestionnaireInput { Format = "pdf", Content = "…" } },
        ],
    };

    public static readonly Batch.Response BatchResponse = new()
    {
        Created = 1,
        Updated = 1,
        Failed = 2,
        Items =
        [
            new Batch.ItemResult { Index = 0, ExternalId = "hr-123", Status = 200, ProfileId = "p_0197a3c2e4b87d41a1f0c2d3e4f5a6b7" },
            new Batch.ItemResult { Index = 1, ExternalId = "hr-124", Status = 201, ProfileId = "p_0197a3c2e4c97e52b2a1d3e4f5a6b7c8" },
            new Batch.ItemResult
            {
                Index = 2, ExternalId = "hr-125", Status = 422,
                Problem = new Batch.ItemProblem
                {
                    Type = TypeOf(422, "no-skills"), Title = "No skills found in the questionnaire", Status = 422,
                    Detail = "No skill of the taxonomy is named in the answers (skills named only in the questions do not count).", Code = "no-skills",
                },
            },
            new Batch.ItemResult
            {
                Index = 3, ExternalId = "hr-126", Status = 400,
                Problem = new Batch.ItemProblem
                {
                    Type = TypeOf(400, "validation-failed"), Title = "Invalid request", Status = 400,
                    Detail = "questionnaire.format must be one of: markdown, text, qa.", Code = "validation-failed",
                    Errors = [new Batch.ItemFieldError("questionnaire.format", "questionnaire.format must be one of: markdown, text, qa.")],
                },
            },
        ],
    };

    /// <summary>The problem type the API gives a status and code (so the example follows the error model).</summary>
    private static string TypeOf(int status, string code) =>
        Infrastructure.Problems.Result(status, "", "", new Dictionary<string, object?> { ["code"] = code }).ProblemDetails.Type ?? "";
}
