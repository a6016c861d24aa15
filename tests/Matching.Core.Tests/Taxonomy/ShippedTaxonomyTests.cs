using System.Text.RegularExpressions;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Matching.Core.Tests.Extraction;
using Xunit.Abstractions;

namespace Matching.Core.Tests.Taxonomy;

/// <summary>
/// The shipped taxonomy as a whole (issue 13, item 6): large enough for IT hiring, every skill findable, Russian
/// spellings where Russian questionnaires need them, and the spellings and traps of the 3.0 additions read in the
/// sentences candidates write.
/// </summary>
public sealed partial class ShippedTaxonomyTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"\p{IsCyrillic}")]
    private static partial Regex Cyrillic();

    // A plain English phrase as a name ("Load balancing", "Test design techniques"): a concept, not a product, so
    // Russian questionnaires name it in Russian. A parenthesised tail is an example list, not part of the name.
    [GeneratedRegex(@"^[A-Z][a-z\-]+( [a-z\-]+)+$")]
    private static partial Regex ConceptName();

    private static bool HasRussianSpelling(Matching.Core.Taxonomy.SkillDefinition s) =>
        s.Aliases.Any(a => Cyrillic().IsMatch(a.Text));

    [Fact]
    public void The_shipped_taxonomy_has_at_least_two_thousand_skills_each_with_a_spelling()
    {
        var taxonomy = RealTaxonomy.Taxonomy;
        Assert.True(taxonomy.Count >= 2000, $"{taxonomy.Count} skills; at least 2,000 are shipped.");
        Assert.Empty(taxonomy.Skills.Where(s => s.Aliases.Count == 0).Select(s => s.Id));
        Assert.All(taxonomy.Skills, s => Assert.Contains(taxonomy.Categories, c => c.Id == s.Category));
    }

    [Fact]
    public void Concepts_carry_Russian_spellings_and_products_may_stay_Latin()
    {
        var skills = RealTaxonomy.Taxonomy.Skills;

        // Broad concepts and tool categories are what recruiters search in Russian: every one has a Russian spelling.
        var umbrellasWithout = skills.Where(s => s.Umbrella && !HasRussianSpelling(s)).Select(s => s.Id).ToList();
        Assert.Empty(umbrellasWithout);

        // Concept skills named by a plain English phrase: nearly all have one (the rest are Latin-script product
        // names that happen to look like phrases, e.g. "Go kit", "Gorilla mux").
        var concepts = skills.Where(s => ConceptName().IsMatch(Regex.Replace(s.Name, @"\s*\(.*\)$", ""))).ToList();
        var without = concepts.Where(s => !HasRussianSpelling(s)).ToList();
        foreach (var s in without) output.WriteLine($"concept without a Russian spelling: {s.Id} ({s.Name})");
        var share = 1.0 - (double)without.Count / concepts.Count;
        Assert.True(concepts.Count >= 400, $"{concepts.Count} concept skills");
        Assert.True(share >= 0.97, $"{share:P1} of {concepts.Count} concept skills have a Russian spelling; at least 97 % must.");

        // Overall: the rest are Latin-script product names (Qdrant, Karpenter, PyCaret), written the same in Russian text.
        var overall = (double)skills.Count(HasRussianSpelling) / skills.Count;
        Assert.True(overall >= 0.40, $"{overall:P1} of skills have a Russian spelling; at least 40 % must.");
    }

    private static bool Mentions(string text, string skill)
    {
        var result = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto");
        return result.Profile?.Skills.Any(s => s.SkillId == skill && s.Source == SkillSource.Mentioned) ?? false;
    }

    [Theory]
    // Russian spellings and slang, inflected as candidates write them.
    [InlineData("Нашли ещё две гонки в горутинах, прогнали сервисы с -race.", "goroutines", true)]
    [InlineData("Бэкенд на Kotlin, котлин корутины и Flow.", "kotlin-coroutines", true)]
    [InlineData("Собираем и выкатываем через werf и helm.", "werf", true)]
    [InlineData("Поднимали высоконагруженные сервисы на Go.", "highload", true)]
    [InlineData("Обмены через HTTP-сервисы 1С и конвертацию данных 1С.", "one-c-integration", true)]
    [InlineData("Настраивал 1С:ЗУП и 1С:Бухгалтерию для трёх юрлиц.", "one-c-payroll", true)]
    [InlineData("Писал модули на Битриксе, немного Битрикс24.", "bitrix", true)]
    [InlineData("Кластер Greenplum от Аренадаты, загрузки через Airflow.", "arenadata", true)]
    [InlineData("Дашборды в Визиолоджи и DataLens.", "visiology", true)]
    [InlineData("Писала тест-кейсы и баг-репорты в Jira.", "test-documentation", true)]
    [InlineData("Техники тест-дизайна: классы эквивалентности, граничные значения.", "test-design", true)]
    [InlineData("Оконные функции и рекурсивные запросы пишу каждый день.", "window-functions", true)]
    [InlineData("Партиции в ClickHouse и матвьюхи под отчёты.", "materialized-views", true)]
    [InlineData("Моделирование угроз и аудит безопасности для банка.", "threat-modeling", true)]
    [InlineData("Требования ФСТЭК и КИИ закрывали вместе с ИБ.", "russian-infosec-regulation", true)]
    [InlineData("Собрал команду с нуля, провожу перформанс-ревью.", "performance-reviews", true)]
    [InlineData("Стрессоустойчивость, обучаемость, работа в команде.", "stress-resistance", true)]
    // Traps: ordinary words and other things that share a spelling with a new skill.
    [InlineData("We analysed temporal patterns in the data with pandas.", "temporal", false)]
    [InlineData("Workflows run on Temporal, state in PostgreSQL.", "temporal", true)]
    [InlineData("I am less fluent in JAX than in PyTorch.", "less-css", false)]
    [InlineData("Стили на less css и sass.", "less-css", true)]
    [InlineData("SHAP waterfall plots for the category managers.", "waterfall-methodology", false)]
    [InlineData("Проекты вели по каскадной модели, потом перешли на Scrum.", "waterfall-methodology", true)]
    [InlineData("A price scraper for a couple of electronics shops, BeautifulSoup + requests.", "circuit-design", false)]
    [InlineData("Схемотехника и разводка плат в KiCad.", "circuit-design", true)]
    [InlineData("Drones photograph pipelines and our models flag defects.", "uav-development", false)]
    [InlineData("Делаем сервисы под заказ: личные кабинеты, CRM-ки.", "crm-systems", false)]
    [InlineData("Внедрение CRM и настройка воронок в amoCRM.", "crm-systems", true)]
    [InlineData("Airflow крутится в кубере, но кластер держит платформенная команда.", "platform-engineering", false)]
    [InlineData("Пушу в мастер только через merge request.", "push-notifications", false)]
    [InlineData("Firebase Cloud Messaging для пуш-уведомлений.", "push-notifications", true)]
    [InlineData("Hilt, Room, Retrofit, Jetpack Compose.", "android-room", true)]
    [InlineData("We booked a meeting room for the retrospective.", "android-room", false)]
    [InlineData("We looked at Monte Carlo but it was too expensive for us.", "monte-carlo", false)]
    [InlineData("Оценка рисков методом Монте-Карло на Python.", "monte-carlo", true)]
    [InlineData("Excel: сводные таблицы, ВПР, макросы на VBA.", "excel-lookup", true)]
    [InlineData("Сдавала ВПР по математике в седьмом классе.", "excel-lookup", false)]
    [InlineData("Backbone — ResNet-50, голова детектора своя.", "backbone-js", false)]
    [InlineData("In a past life I worked as a barman in Riga.", "barman", false)]
    [InlineData("Бэкапы PostgreSQL через Barman и pgBackRest.", "barman", true)]
    [InlineData("We kept the legacy jQuery app, Backbone.js for one widget.", "backbone-js", true)]
    [InlineData("Кластер на 36 нод, 6 шардов по 3 реплики.", "sharding", true)]
    [InlineData("Бронь через SELECT ... FOR UPDATE SKIP LOCKED в постгресе.", "transactions", true)]
    [InlineData("Таблицы на ReplicatedMergeTree, поверх Distributed-таблицы.", "clickhouse-ecosystem", true)]
    [InlineData("Макросы на VBA пишу базово — записать макрорекордером и поправить.", "excel-macros", true)]
    [InlineData("Сделала модель данных «звезда» по продажам и остаткам.", "dimensional-modeling", true)]
    [InlineData("Звезда нашей команды ушла в другую компанию.", "dimensional-modeling", false)]
    [InlineData("Kafka as the backbone for domain events, choreographed sagas for the payout flow.", "event-driven-architecture", true)]
    [InlineData("Kafka as the backbone for domain events, choreographed sagas for the payout flow.", "saga-pattern", true)]
    [InlineData("We run on AWS: EKS, RDS for PostgreSQL, MSK for Kafka, S3.", "amazon-msk", true)]
    [InlineData("Созвоны в 11:00 MSK, удобно по будням.", "amazon-msk", false)]
    public void New_spellings_and_traps_read_as_a_recruiter_would(string text, string skill, bool expected) =>
        Assert.Equal(expected, Mentions(text, skill));
}
