using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Tests.Extraction;

namespace Matching.Core.Tests.Taxonomy;

/// <summary>
/// Phrasings that the unseen corpus showed the extractor missing, added to the shipped taxonomy as aliases: each is
/// read in a short sentence of the kind a candidate writes, and the ordinary-word ones are checked not to fire where
/// the word means something else.
/// </summary>
public sealed class MissedPhrasingTests
{
    [Theory]
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
    public void A_missed_phrasing_now_names_its_skill(string text, string skill)
    {
        Assert.Contains(skill, MentionedSkills(text));
    }

    [Theory]
    // Ordinary words and neighbouring phrases that must not read as the new aliases.
    [InlineData("Экраны в UIKit: вёрстка кодом, без сторибордов.", "html")]
    [InlineData("Проектирование электрических схем в Altium Designer для плат.", "database-design")]
    [InlineData("В Excel использую ИНДЕКС и ПОИСКПОЗ вместо ВПР.", "indexing")]
    [InlineData("Калибровка камеры через OpenCV перед съёмкой.", "probability-calibration")]
    [InlineData("Разметка данных в Label Studio для детекции дефектов.", "html")]
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
