using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Tests.Extraction;

namespace Matching.Core.Tests.Taxonomy;

/// <summary>
/// The real taxonomy's context rules and exclusions at work in sentences of the kind candidates write: a word that
/// names a product, a data source, a piece of hardware or a colleague's work is not a skill; the same word in a
/// technical statement is.
/// </summary>
public sealed class TaxonomyRulesTests
{
    private static bool Mentions(string text, string skill)
    {
        var result = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto");
        return result.Profile?.Skills.Any(s => s.SkillId == skill && s.Source == SkillSource.Mentioned) ?? false;
    }

    [Theory]
    // Experiment logging is a feature of the tracker; log management is a skill.
    [InlineData("Сбор данных -> обучение с логированием в MLflow -> экспорт в ONNX.", "logging", false)]
    [InlineData("Настроил централизованное логирование сервисов в Loki.", "logging", true)]
    // A platform or an app named in a product story.
    [InlineData("Нашла, что падение конверсии в заказ на Android было из-за бага в корзине.", "android", false)]
    [InlineData("Пишу Android-приложения на Kotlin.", "android", true)]
    [InlineData("Рекомендательная система для мобильного приложения банка на CatBoost.", "mobile-development", false)]
    [InlineData("Воронка покупателя в мобильном приложении, дашборды в Superset.", "mobile-development", false)]
    // Hardware owned is not GPU computing.
    [InlineData("Оставили GPT-4o-mini: дешевле, чем держать свою видеокарту под каждую задачу.", "gpu-computing", false)]
    // 1C as a data source.
    [InlineData("Excel: сводные таблицы, макросы на VBA, выгрузки из 1С.", "one-c", false)]
    [InlineData("6 лет программистом 1С, писал обмены через HTTP-сервисы.", "one-c", true)]
    // A consumed API is not API development.
    [InlineData("Параллельно сравнивали с GPT-4o через API.", "web-apis", false)]
    [InlineData("At 3 a.m. half of the services on Kubernetes lost their connection to the payments API.", "web-apis", false)]
    [InlineData("Проектирование API для партнёров на FastAPI.", "web-apis", true)]
    // requests the library, not requests the word.
    [InlineData("Git basics — branches, pull requests on GitHub.", "python-requests", false)]
    [InlineData("API: requests + pydantic для валидации схем ответов.", "python-requests", true)]
    // Short spellings in a technical sentence.
    [InlineData("JS/TS на уровне поправить что-то во фронте.", "typescript", true)]
    [InlineData("Деплой в кубер через helm, чарты пишу сам.", "helm", true)]
    [InlineData("BGP, nginx и envoy на L7.", "envoy", true)]
    [InlineData("Docker базово: собрать образ и поднять всё через compose.", "docker-compose", true)]
    [InlineData("Kinesis Data Streams for one pipeline, plus a Lambda consumer.", "aws-lambda", true)]
    [InlineData("In Python I sort the keys with a lambda.", "aws-lambda", false)]
    [InlineData("CI is GitHub Actions now, TeamCity before.", "ci-cd", true)]
    [InlineData("We report the 95% CI of the uplift from a bootstrap in Python.", "ci-cd", false)]
    [InlineData("Если лучше прода — A/B на части пользователей, метрики в ClickHouse.", "ab-testing", true)]
    // Phrases a recruiter reads as the skill.
    [InlineData("Python основной, C++ для инференса на девайсах.", "edge-ml", true)]
    [InlineData("Разбирался с медленными запросами и планами выполнения в PostgreSQL.", "query-optimization", true)]
    [InlineData("Классификация обращений в техподдержку на BERT.", "text-classification", true)]
    [InlineData("Мониторинг деградации моделей в проде на Grafana.", "model-monitoring", true)]
    [InlineData("Сервинг ранжирующей модели — свой сервис на Python.", "model-serving", true)]
    [InlineData("Немного решал олимпиадные задачи на C++.", "competitive-programming", true)]
    [InlineData("Байесовский подход к A/B-тестам знаю в теории.", "bayesian-methods", true)]
    [InlineData("Power BI: модели данных, DAX-меры.", "data-modeling", true)]
    public void Rule_reads_the_sentence_as_a_recruiter_would(string text, string skill, bool expected) =>
        Assert.Equal(expected, Mentions(text, skill));

    [Fact]
    public void A_monitoring_story_about_models_is_model_monitoring_not_devops_monitoring()
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text("Валидация моделей, PSI и Gini, мониторинг деградации моделей в проде."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "model-monitoring" && s.Source == SkillSource.Mentioned);
        Assert.DoesNotContain(p.Skills, s => s.SkillId == "monitoring" && s.Source == SkillSource.Mentioned);
    }
}
