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
}
