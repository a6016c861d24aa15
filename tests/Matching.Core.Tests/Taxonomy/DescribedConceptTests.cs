using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Tests.Extraction;

namespace Matching.Core.Tests.Taxonomy;

/// <summary>
/// Skills that unseen candidates described in their own words rather than by name (a "detector" for object detection,
/// an "agent runtime" for AI agents, "трейсинг" for distributed tracing), added to the shipped taxonomy as aliases so
/// the broad skill is read as mentioned and not only inferred from a narrower one. The ordinary-word aliases are
/// checked not to fire where the word means something else.
/// </summary>
public sealed class DescribedConceptTests
{
    [Theory]
    [InlineData("We trained a detector on photos of parcels with YOLOv8 in PyTorch.", "object-detection")]
    [InlineData("Three years at an indie studio shipping puzzle games in Unity.", "game-development")]
    [InlineData("Работаю в инди-студии, пишу на Unity и C#.", "game-development")]
    [InlineData("I built our agent runtime on LangGraph with tool calling in Python.", "ai-agents")]
    [InlineData("Compared several agent frameworks before settling on LangGraph.", "ai-agents")]
    [InlineData("Summaries are graded by an LLM-as-judge prompt with GPT-4o in our Python harness.", "llm-evaluation")]
    [InlineData("Через год стала лидом группы аналитиков, SQL и ClickHouse остались.", "team-leadership")]
    [InlineData("Руковожу отделом разработки из трёх команд на Java.", "multi-team-management")]
    [InlineData("In Power BI I design the data models and write the DAX measures.", "data-modeling")]
    [InlineData("Занимаюсь моделированием DWH в Greenplum и dbt.", "data-modeling")]
    [InlineData("Worked as a graphics programmer on a Vulkan renderer in C++.", "computer-graphics")]
    [InlineData("Профилирование Go-сервисов делаю через pprof и Grafana.", "performance-profiling")]
    [InlineData("Profiling the hot paths of the C++ matching engine with perf is routine for me.", "performance-profiling")]
    [InlineData("Формализация требований к интеграции по REST, потом постановка задач в Jira.", "requirements-engineering")]
    [InlineData("I moved our build pipelines from Jenkins to GitLab.", "ci-cd")]
    [InlineData("Настроил YAML-пайплайны в Azure DevOps для .NET сервисов.", "ci-cd")]
    [InlineData("Wrote market data handlers over UDP multicast in C++.", "networking")]
    [InlineData("Packet capture uses kernel bypass with DPDK on Linux.", "networking")]
    [InlineData("I make the architecture decisions for the payments platform in Kotlin.", "software-architecture")]
    [InlineData("Принимаю архитектурные решения по бэкенду на Go.", "software-architecture")]
    [InlineData("I have been building mobile apps with React Native for two years.", "mobile-development")]
    [InlineData("Рекомендации строили по матрице взаимодействий пользователей и товаров, ALS из implicit.", "collaborative-filtering")]
    [InlineData("Пять лет работаю бизнес-аналитиком в банке, BPMN и Confluence.", "business-analysis")]
    [InlineData("Трейсинг через OpenTelemetry и Tempo, метрики в Prometheus.", "distributed-tracing")]
    [InlineData("Эксперименты логирую в ClearML, модели на PyTorch.", "experiment-tracking")]
    [InlineData("Пишу юниты на pytest для сервисов на FastAPI.", "unit-testing")]
    [InlineData("Брокер — RabbitMQ, фоновые задачи на Celery.", "message-brokers")]
    [InlineData("We write unit and integration tests with pytest for every Django app.", "unit-testing")]
    public void A_described_concept_names_its_skill(string text, string skill)
    {
        Assert.Contains(skill, MentionedSkills(text));
    }

    [Theory]
    // The same words where they mean something else.
    [InlineData("The Go race detector runs in CI on every merge request.", "object-detection")]
    [InlineData("Data profiling of the source tables in Great Expectations and SQL.", "performance-profiling")]
    [InlineData("Профилирование клиентов банка по транзакциям делаю на Python в pandas и SQL.", "performance-profiling")]
    [InlineData("Сервисы запускаются как systemd-юниты на Ubuntu под Docker.", "unit-testing")]
    [InlineData("Python-разработчик в компании «Кредитный брокер», Django и PostgreSQL.", "message-brokers")]
    [InlineData("Ray tracing in Vulkan was only a side project in C++.", "distributed-tracing")]
    [InlineData("Аналитик в мобильной игре: retention, LTV, ClickHouse.", "game-development")]
    [InlineData("Power BI deployment pipelines move reports between workspaces.", "ci-cd")]
    // The candidate's own lead is a person; an app's HTTP layer is no computer networking; tracking orders is not objects.
    [InlineData("My tech lead there owned the Kafka topics; I wrote the Spring Boot consumers.", "team-leadership")]
    [InlineData("Kotlin and Jetpack Compose daily; Retrofit and OkHttp for networking, Room for storage.", "networking")]
    [InlineData("Kafka и Spark Streaming на работе, для онлайн-трекинга заказов писал джобы на Scala.", "object-tracking")]
    // Hadoop's YARN is no JavaScript package manager; СПАРК-Интерфакс is no Apache Spark.
    [InlineData("Джобы на Scala и PySpark запускаем через spark-submit на YARN, данные в Hive.", "yarn")]
    [InlineData("C# и ASP.NET Core, интеграция со СПАРК-Интерфакс для проверки контрагентов.", "apache-spark")]
    public void A_word_that_means_something_else_is_not_the_skill(string text, string skill)
    {
        Assert.DoesNotContain(skill, MentionedSkills(text));
    }

    private static IReadOnlyList<string> MentionedSkills(string text) =>
        RealTaxonomy.Extractor.Extract(Questionnaire.Markdown(text), "auto").Profile!.Skills
            .Where(s => s.Source == SkillSource.Mentioned)
            .Select(s => s.SkillId)
            .ToList();
}
