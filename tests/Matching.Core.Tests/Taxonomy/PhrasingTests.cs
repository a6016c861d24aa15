using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Tests.Extraction;

namespace Matching.Core.Tests.Taxonomy;

/// <summary>
/// Phrasings the unseen questionnaires showed the extractor missing — skills named in other words ("оптимизация
/// медленных запросов"), concepts described rather than named (a "detector" for object detection, an "agent runtime"
/// for AI agents), candidates' core skills in their own wording ("managed the budget", "прототипы в Figma") — added to the
/// shipped taxonomy as aliases. Each is read in a short sentence of the kind a candidate writes, and the ordinary-word
/// ones are checked not to fire where the word means something else.
/// </summary>
public sealed class PhrasingTests
{
    [Theory]
    // From unseen misses.
    [InlineData("Каждый квартал занимаюсь оптимизацией медленных запросов в PostgreSQL.", "query-optimization")]
    [InlineData("На проекте расставил индексы по самым частым фильтрам в Postgres.", "indexing")]
    [InlineData("In ClickHouse we rely on data skipping indexes for the event tables.", "indexing")]
    [InlineData("I designed the database schema for the billing service in PostgreSQL.", "database-design")]
    [InlineData("We used optimistic locking on the order aggregate in Spring.", "transactions")]
    [InlineData("В скоринге калибровали вероятности на отложенной выборке в sklearn.", "probability-calibration")]
    [InlineData("Дообучал BERT на своих данных в PyTorch.", "fine-tuning")]
    [InlineData("Делала классификацию картинок товаров на PyTorch.", "image-classification")]
    [InlineData("Пишу API автотесты на pytest и requests.", "api-testing")]
    [InlineData("Начинал верстальщиком, потом перешёл на Vue.", "html")]
    [InlineData("Accessibility: семантическая разметка и aria-атрибуты в React.", "html")]
    [InlineData("Gameplay programming in C++ needs quaternions all the time.", "linear-algebra")]
    [InlineData("Перед релизом гоняю smoke тесты на Playwright.", "smoke-testing")]
    [InlineData("Tests are tagged smoke and regression in pytest.", "smoke-testing")]
    [InlineData("When a BEAM node gets slow I profile it with eprof in Elixir.", "performance-profiling")]
    [InlineData("ВМ у нас в Yandex Cloud, Compute Cloud под CI раннеры.", "yandex-compute-cloud")]
    [InlineData("Бэкапы баз складываем в Object Storage Яндекса через s3cmd.", "yandex-object-storage")]
    [InlineData("Регулярно делаю капасити по Grafana и Prometheus.", "capacity-planning")]
    [InlineData("I write documentation for every service in Confluence.", "technical-writing")]
    [InlineData("A lot of the job is managing client stakeholders and their expectations.", "stakeholder-management")]
    // From concepts described in words.
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
    // From core skills.
    [InlineData("As delivery lead I managed the budget for three vendor teams.", "budget-management")]
    [InlineData("Отвечал за бюджет проекта и ежемесячно сверялся с финансами.", "budget-management")]
    [InlineData("I was the budget owner for the data platform programme.", "budget-management")]
    [InlineData("Много работаю со стейкхолдерами из продаж и маркетинга.", "stakeholder-management")]
    [InlineData("Собираю кликабельные прототипы перед каждым юзабилити-тестом.", "ui-prototyping")]
    [InlineData("I build Figma prototypes for every new onboarding flow.", "ui-prototyping")]
    [InlineData("I test the web app manually and report bugs in Jira with clear steps.", "bug-reporting")]
    [InlineData("Перед каждым релизом проводим полный регресс мобильного приложения.", "regression-testing")]
    [InlineData("Every sprint we run regression on staging before the release.", "regression-testing")]
    [InlineData("Строил витрины по Кимбаллу в ClickHouse.", "dimensional-modeling")]
    [InlineData("Реализовал поиск похожих товаров по фотографии на эмбеддингах.", "image-retrieval")]
    [InlineData("We shipped visual similarity search for the fashion catalogue.", "image-retrieval")]
    [InlineData("Раз в квартал защищаю роадмап перед руководством.", "roadmapping")]
    [InlineData("I own the roadmap for the payments squad and prioritise it with engineering.", "roadmapping")]
    [InlineData("Our Foundry suite has invariant tests for every vault contract.", "property-based-testing")]
    [InlineData("I maintain the RNA-seq analysis pipelines in Nextflow.", "data-pipelines")]
    [InlineData("For the demand model I built lag features and rolling features in pandas.", "feature-engineering")]
    [InlineData("Работаю облачным архитектором, проектирую landing zone в AWS.", "cloud-architecture")]
    // Concepts the unseen questionnaires name in words of their own (session 13).
    [InlineData("Основная задача первые два года — миграция легаси на Swift без остановки фич.", "legacy-modernization")]
    [InlineData("I was part of the gradual migration to Angular with ngUpgrade, a hybrid app for a year.", "legacy-modernization")]
    [InlineData("Пару раз выступал с докладом на местном митапе про корутины.", "public-speaking")]
    [InlineData("I gave a talk on LiveView testing at the Lisbon Elixir meetup.", "public-speaking")]
    [InlineData("Languages: English C1, German B2.", "german-language")]
    [InlineData("I work closely with stakeholders from finance and marketing on metric definitions.", "stakeholder-management")]
    [InlineData("I genuinely enjoy onboarding people and write a lot of design docs.", "employee-onboarding")]
    [InlineData("Billing logic is covered by property-based tests with StreamData.", "property-based-testing")]
    [InlineData("Async jobs go through Symfony Messenger with RabbitMQ transport.", "task-queues")]
    [InlineData("Терминация TLS на балансировщике, сертификаты через cert-manager.", "tls-certificates")]
    [InlineData("Регулярно разбор планов выполнения с разработчиками в PostgreSQL.", "query-optimization")]
    [InlineData("Memory leaks in the WPF app I chase with dotMemory and dotTrace.", "performance-profiling")]
    [InlineData("As tech lead I review most PRs touching money movement.", "code-review")]
    [InlineData("I write the tests in ExUnit, with Mox for the external APIs.", "unit-testing")]
    [InlineData("I built cost dashboards per team and moved us to Savings Plans.", "finops")]
    [InlineData("Для прогноза спроса считаю лаги и скользящие статистики в pandas.", "feature-engineering")]
    // A second round (session 13); languages on a languages line.
    [InlineData("Languages: Polish (native), English (C1), German (B1).", "german-language")]
    [InlineData("Языки: английский B2, немецкий — базовый.", "german-language")]
    [InlineData("Схема «звезда» в ClickHouse: факты продаж и измерения магазинов.", "dimensional-modeling")]
    [InlineData("Before any new service I write a short design doc and get it reviewed.", "design-documents")]
    [InlineData("The order book in Rust is lock-free; we measured it under load with criterion.", "concurrency")]
    [InlineData("Для отчётов переписывал тяжелые запросы к PostgreSQL и добавлял индексы.", "query-optimization")]
    [InlineData("Model drift reports in Evidently go to the team every Monday.", "model-monitoring")]
    [InlineData("I read A/B results with bootstrap CIs in Python rather than t-tests.", "statistical-bootstrap")]
    [InlineData("Каждый квартал провожу failover drill и restore drills для PostgreSQL.", "disaster-recovery")]
    // Azure DevOps is a CI/CD product of its own, not the Azure cloud.
    [InlineData("Builds and releases go through Azure DevOps pipelines with a WiX installer step.", "azure-devops")]
    // Swift Package Manager and CocoaPods are two tools: moving from one to the other names both.
    [InlineData("Swift и UIKit каждый день. Разнёс монолит на ~25 SPM-модулей, с CocoaPods переехали в 2022.", "swift-package-manager")]
    // Table partitioning is not sharding.
    [InlineData("PostgreSQL каждый день: индексы, EXPLAIN ANALYZE, партиционирование таблицы заказов по месяцам.", "table-partitioning")]
    public void A_phrasing_a_candidate_writes_names_its_skill(string text, string skill)
    {
        Assert.Contains(skill, MentionedSkills(text));
    }

    [Theory]
    // From unseen misses.
    // Ordinary words and neighbouring phrases that must not read as the new aliases.
    [InlineData("Экраны в UIKit: вёрстка кодом, без сторибордов.", "html")]
    [InlineData("Проектирование электрических схем в Altium Designer для плат.", "database-design")]
    [InlineData("В Excel использую ИНДЕКС и ПОИСКПОЗ вместо ВПР.", "indexing")]
    [InlineData("Калибровка камеры через OpenCV перед съёмкой.", "probability-calibration")]
    [InlineData("Разметка данных в Label Studio для детекции дефектов.", "html")]
    // From concepts described in words.
    // The same words where they mean something else.
    [InlineData("The Go race detector runs in CI on every merge request.", "object-detection")]
    [InlineData("Data profiling of the source tables in Great Expectations and SQL.", "performance-profiling")]
    [InlineData("Профилирование клиентов банка по транзакциям делаю на Python в pandas и SQL.", "performance-profiling")]
    [InlineData("Сервисы запускаются как systemd-юниты на Ubuntu под Docker.", "unit-testing")]
    [InlineData("Python-разработчик в компании «Кредитный брокер», Django и PostgreSQL.", "message-brokers")]
    [InlineData("Ray tracing in Vulkan was only a side project in C++.", "distributed-tracing")]
    [InlineData("Аналитик в мобильной игре: retention, LTV, ClickHouse.", "game-development")]
    [InlineData("Power BI deployment pipelines move reports between workspaces.", "ci-cd")]
    [InlineData("Builds and releases go through Azure DevOps pipelines with a WiX installer step.", "azure")]
    [InlineData("Swift and SwiftUI every day at work; dependencies through Swift Package Manager only.", "cocoapods")]
    [InlineData("PostgreSQL каждый день: индексы, EXPLAIN ANALYZE, партиционирование таблицы заказов по месяцам.", "sharding")]
    [InlineData("Kotlin every day at work; our German clients get the app in three languages.", "german-language")]
    // Games, coefficients, release names and companies that share a tool's name.
    [InlineData("Forecasting in Python with LightGBM at work; on Fridays I organise the office darts league.", "darts")]
    [InlineData("Для бинарных признаков в pandas ещё считаю коэффициент Phi и хи-квадрат.", "phi")]
    [InlineData("Salesforce admin: Flows and reports; I read every release note (Spring '24 was a big one).", "spring")]
    [InlineData("Kubernetes and Prometheus every day at work. 2019–2021: SRE at Falcon Freight.", "falcon")]
    // A name that needs context, found only as a lower-case English plural, is the ordinary word.
    [InlineData("I write C# for robots that move plates, tubes and flasks around for clinical labs, with Python scripts for tests.", "flask")]
    // The candidate's own lead is a person; an app's HTTP layer is no computer networking; tracking orders is not objects.
    [InlineData("My tech lead there owned the Kafka topics; I wrote the Spring Boot consumers.", "team-leadership")]
    [InlineData("Kotlin and Jetpack Compose daily; Retrofit and OkHttp for networking, Room for storage.", "networking")]
    [InlineData("Kafka и Spark Streaming на работе, для онлайн-трекинга заказов писал джобы на Scala.", "object-tracking")]
    // Hadoop's YARN is no JavaScript package manager; СПАРК-Интерфакс is no Apache Spark.
    [InlineData("Джобы на Scala и PySpark запускаем через spark-submit на YARN, данные в Hive.", "yarn")]
    [InlineData("C# и ASP.NET Core, интеграция со СПАРК-Интерфакс для проверки контрагентов.", "apache-spark")]
    // From core skills.
    // Neighbouring phrases built from the same words that mean something else.
    [InlineData("Обучил логистическую регрессию на признаках клиента в sklearn.", "regression-testing")]
    [InlineData("In R I run regression analysis on the survey data.", "regression-testing")]
    [InlineData("My learning roadmap for next year: Kubernetes and Terraform.", "roadmapping")]
    [InlineData("Our team builds a budgeting app for households in Kotlin.", "budget-management")]
    [InlineData("В ClickHouse храним измерения датчиков с шагом в секунду.", "dimensional-modeling")]
    // "верфь" is a shipyard, not werf (written in Latin by those who use it).
    [InlineData("Три года работал технологом на судостроительной верфи, потом ушёл в DevOps: Kubernetes и GitLab CI.", "werf")]
    public void A_word_that_means_something_else_is_not_the_skill(string text, string skill)
    {
        Assert.DoesNotContain(skill, MentionedSkills(text));
    }

    [Fact]
    public void A_regression_run_is_not_the_statistical_task()
    {
        Assert.DoesNotContain("regression", MentionedSkills("Every sprint we run regression on staging in Playwright."));
    }

    private static IReadOnlyList<string> MentionedSkills(string text) =>
        RealTaxonomy.Extractor.Extract(Questionnaire.Markdown(text), "auto").Profile!.Skills
            .Where(s => s.Source == SkillSource.Mentioned)
            .Select(s => s.SkillId)
            .ToList();
}
