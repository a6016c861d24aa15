using Matching.Core.Extraction;
using Matching.Core.Profiles;

namespace Matching.Core.Tests.Extraction;

public sealed class SkillExtractorTests
{
    private static readonly SkillExtractor Extractor = TestTaxonomy.Extractor;

    private static ExtractedProfile Profile(Questionnaire q, string language = "auto")
    {
        var result = Extractor.Extract(q, language);
        Assert.True(result.Profile is not null, $"extraction failed: {result.Failure}");
        return result.Profile!;
    }

    private static ExtractedProfile Text(string text) => Profile(Questionnaire.Text(text));
    private static ExtractedProfile Md(string text) => Profile(Questionnaire.Markdown(text));

    private static ProfileSkill? Skill(ExtractedProfile p, string id) => p.Skills.FirstOrDefault(s => s.SkillId == id);
    private static double Level(ExtractedProfile p, string id) => Skill(p, id)?.Level ?? 0;
    private static bool Mentioned(ExtractedProfile p, string id) => Skill(p, id)?.Source == SkillSource.Mentioned;

    [Fact]
    public void Question_text_never_yields_skills()
    {
        var p = Md("""
            ## 7. Какие СУБД использовали в работе (Sqlite, Postgresql, MySQL, MongoDb, ClickHouse)?
            В основном postgresql.
            """);
        Assert.True(Mentioned(p, "postgresql"));
        Assert.Null(Skill(p, "mongodb"));
        Assert.Null(Skill(p, "clickhouse"));
        Assert.Null(Skill(p, "mysql"));
    }

    [Fact]
    public void Qa_questions_never_yield_skills_and_offsets_point_into_the_answer()
    {
        var answers = new[]
        {
            new QaAnswer("Работали ли с Kafka, RabbitMQ?", "Нет, только Redis для кэша."),
            new QaAnswer("Языки?", "Python и немного Java."),
        };
        var p = Profile(Questionnaire.Qa(answers));
        Assert.Null(Skill(p, "kafka"));
        Assert.Null(Skill(p, "rabbitmq"));
        var redis = Skill(p, "redis")!.Evidence.Single();
        Assert.Equal(0, redis.Answer);
        Assert.Equal("Работали ли с Kafka, RabbitMQ?", redis.Section);
        Assert.Equal(answers[0].Answer[redis.Start..redis.End], redis.Quote);
        var java = Skill(p, "java")!.Evidence.Single();
        Assert.Equal(1, java.Answer);
        Assert.Contains("Java", java.Quote);
    }

    [Fact]
    public void Experience_heading_becomes_an_entry_and_commercial_context()
    {
        var p = Md("""
            ## 1. Какой опыт коммерческой разработки?
            #### ДНС технологии - ML engineer (2021 - н.в.)
            Разработан сервис на docker и kafka.
            #### ФГБОУ ВО Университет - Лаборант
            Исследования по нейронным сетям.
            """);
        Assert.Contains(new Experience("ДНС технологии", "ML engineer"), p.Experience);
        Assert.Contains(new Experience("ФГБОУ ВО Университет", "Лаборант"), p.Experience);
        Assert.Contains("commercial role at ДНС технологии", Skill(p, "docker")!.Reason);
        Assert.Contains("research", Skill(p, "neural-networks")!.Reason);
    }

    [Fact]
    public void Plain_text_questions_are_read_and_never_yield_skills()
    {
        var p = Text("""
            Q: Which databases have you used (MySQL, MongoDB)?
            A: PostgreSQL every day.

            3. Какие брокеры использовали (Kafka, RabbitMQ)? Redis как очередь.
            """);
        Assert.True(Mentioned(p, "postgresql"));
        Assert.True(Mentioned(p, "redis"));
        Assert.Null(Skill(p, "mysql"));
        Assert.Null(Skill(p, "kafka"));
        Assert.Equal("Which databases have you used (MySQL, MongoDB)?", Skill(p, "postgresql")!.Evidence[0].Section);
    }

    [Fact]
    public void Dated_cv_lines_become_experience_entries()
    {
        var p = Text("""
            ОПЫТ
            2021 – сейчас, УГМК-Телеком, BI-аналитик
            — отчётность на PostgreSQL
            """);
        Assert.Contains(new Experience("УГМК-Телеком", "BI-аналитик"), p.Experience);
        Assert.Contains("УГМК-Телеком", Skill(p, "postgresql")!.Reason);
    }

    [Fact]
    public void Experience_is_read_from_sentences()
    {
        var ru = Text("Раньше работал в Яндексе бэкенд-разработчиком, писал на Java.");
        Assert.Contains(new Experience("Яндекс", "бэкенд-разработчик"), ru.Experience);
        var en = Text("I worked at Acme as a data engineer, mostly Python.");
        Assert.Contains(new Experience("Acme", "data engineer"), en.Experience);
    }

    [Theory]
    [InlineData("Python каждый день. С MongoDB не работал.")]
    [InlineData("Python каждый день. MongoDB никогда не использовал.")]
    [InlineData("Python каждый день. С монгой не доводилось работать.")]
    [InlineData("Python каждый день. Опыта с MongoDB нет.")]
    [InlineData("Python каждый день. MongoDB — нет.")]
    [InlineData("Python daily. No experience with MongoDB.")]
    [InlineData("Python daily. I have never used MongoDB.")]
    [InlineData("Python daily. I haven't used MongoDB.")]
    [InlineData("Python daily. Not familiar with MongoDB.")]
    [InlineData("Python daily. MongoDB: no hands-on experience.")]
    public void Negated_skill_is_not_in_profile(string text)
    {
        var p = Text(text);
        Assert.True(Mentioned(p, "python"));
        Assert.Null(Skill(p, "mongodb"));
    }

    [Fact]
    public void Negation_stays_in_its_clause()
    {
        var p = Text("Не работал с MongoDB, но Redis использую каждый день. PostgreSQL — основная база, Kafka не трогал.");
        Assert.Null(Skill(p, "mongodb"));
        Assert.Null(Skill(p, "kafka"));
        Assert.True(Mentioned(p, "redis"));
        Assert.True(Mentioned(p, "postgresql"));
    }

    [Fact]
    public void Negation_spreads_over_bare_list_items_only()
    {
        var p = Text("Не работал с MongoDB, ClickHouse, а Redis знаю хорошо.");
        Assert.Null(Skill(p, "mongodb"));
        Assert.Null(Skill(p, "clickhouse"));
        Assert.True(Mentioned(p, "redis"));
        var q = Text("MongoDB, ClickHouse — не использовал. Redis использую.");
        Assert.Null(Skill(q, "mongodb"));
        Assert.Null(Skill(q, "clickhouse"));
    }

    [Fact]
    public void Negation_reaches_back_through_a_pronoun()
    {
        var p = Text("Docker daily. Kubernetes is run by the platform team; I don't touch it.");
        Assert.Null(Skill(p, "kubernetes"));
        var q = Text("Python каждый день. Кубер и Kafka — это зона DevOps, сам я с ними не работал.");
        Assert.Null(Skill(q, "kubernetes"));
        Assert.Null(Skill(q, "kafka"));
    }

    [Fact]
    public void Later_qualification_does_not_cancel_what_was_used()
    {
        var p = Text("Scala — писал на ней тестовое задание, в работе не использовал. Java каждый день.");
        Assert.True(Mentioned(p, "scala"));
        Assert.True(Level(p, "scala") < Level(p, "java"));
    }

    [Fact]
    public void A_denial_through_a_pronoun_is_not_a_denial_in_so_many_words()
    {
        // "it" may be the mesh, not Helm: the profile does not list Helm as denied.
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(
            "How do you deploy?\nApplication delivery is GitOps with Argo CD: an app-of-apps per cluster, Helm charts for our in-house services.\n\n"
            + "What about security?\nThe service mesh (Istio) was rolled out by the networking team; I only reviewed the Helm values for the sidecar injector, I don't operate it."), "auto").Profile!;
        Assert.Contains("istio", p.Denied ?? []);
        Assert.DoesNotContain("helm", p.Denied ?? []);
    }

    [Fact]
    public void Neither_at_work_nor_in_pet_projects_is_no_place_of_use()
    {
        var p = Text("Python каждый день на работе. Поднимал Kubernetes локально, но не применял ни на работе, ни в пет-проектах.");
        var k8s = Skill(p, "kubernetes");
        Assert.NotNull(k8s);
        Assert.DoesNotContain("project", k8s!.Reason!, StringComparison.OrdinalIgnoreCase);
        Assert.True(k8s.Level < Level(p, "python"));
    }

    [Theory]
    [InlineData("Мало опыта с Kafka", "Мало опыта")]
    [InlineData("Kafka знаю базово", "базово")]
    [InlineData("Немного Kafka", "Немного")]
    [InlineData("Знаком с Kafka", "Знаком")]
    [InlineData("Был опыт с Kafka в студенчестве", "в студенчестве")]
    [InlineData("Kafka in a course", "course")]
    [InlineData("I'm familiar with Kafka", "familiar")]
    [InlineData("Basic Kafka", "Basic")]
    [InlineData("Kafka a little", "a little")]
    [InlineData("Пробовал Kafka", "Пробовал")]
    public void Hedged_skill_is_kept_with_a_low_level_and_the_reason(string sentence, string hedge)
    {
        var p = Text($"Python каждый день на работе. {sentence}.");
        var kafka = Skill(p, "kafka");
        Assert.NotNull(kafka);
        Assert.True(kafka!.Level <= 0.35, $"{kafka.Level} {kafka.Reason}");
        Assert.Contains(hedge, kafka.Reason!, StringComparison.OrdinalIgnoreCase);
        Assert.True(Level(p, "python") > kafka.Level);
    }

    [Fact]
    public void Hedge_applies_to_the_item_it_stands_next_to()
    {
        var p = Text("В работе ClickHouse и немного Redis.");
        Assert.True(Level(p, "clickhouse") > Level(p, "redis"));
    }

    [Fact]
    public void Levels_order_skills_as_a_reader_would()
    {
        var p = Md("""
            ## Какой язык программирования вы используете в своей работе?
            Только Python
            ## Какие СУБД использовали в работе?
            В основном использовал sqlalchemy и postgresql, был опыт в студенчестве с mysql и sqlite. Максимальный размер БД около 1.5 миллионов записей.
            """);
        Assert.True(Level(p, "python") > Level(p, "mysql"));
        Assert.True(Level(p, "postgresql") > Level(p, "mysql"));
        Assert.True(Level(p, "postgresql") > Level(p, "sqlite"));
        Assert.Contains("в студенчестве", Skill(p, "mysql")!.Reason);
    }

    [Fact]
    public void Commercial_use_is_stronger_than_a_list_and_a_list_than_a_course()
    {
        var p = Md("""
            ## Опыт
            #### Acme - Backend developer
            Сервисы на Java.
            ## Какие инструменты используете?
            Docker
            ## Образование
            Прошёл курс по Kafka.
            """);
        Assert.True(Level(p, "java") > Level(p, "docker"));
        Assert.True(Level(p, "docker") > Level(p, "kafka"));
    }

    [Fact]
    public void Main_daily_and_years_cues_raise_the_level()
    {
        var p = Text("Python — основной язык, 5 лет. Java каждый день. Scala упоминаю. Go мелькал в коде.");
        Assert.True(Level(p, "python") > Level(p, "scala"));
        Assert.True(Level(p, "java") > Level(p, "scala"));
        Assert.Contains("5 years", Skill(p, "python")!.Reason);
    }

    [Fact]
    public void Repetition_raises_the_level_within_a_cap()
    {
        var once = Text("Использую Redis.");
        var often = Text("Использую Redis. Redis для кэша. Redis для очередей. Redis для локов. Redis везде. Redis!");
        Assert.True(Level(often, "redis") > Level(once, "redis"));
        Assert.True(Level(often, "redis") - Level(once, "redis") <= 0.25);
        Assert.Contains("mentioned", Skill(often, "redis")!.Reason);
    }

    [Fact]
    public void Self_rating_sets_the_level()
    {
        var p = Profile(Questionnaire.Qa(new QaAnswer("Rate your languages 1-5", "Python 5/5, Java 3/5 (university), C 2/5")));
        Assert.True(Level(p, "python") > Level(p, "java"));
        Assert.True(Level(p, "java") > Level(p, "c"));
    }

    [Fact]
    public void Only_python_means_no_other_programming_language()
    {
        var p = Md("""
            ## Какой язык программирования вы используете?
            Только Python
            ## Опишите проект
            Сервис на Python, R и C в названии модулей.
            """);
        Assert.True(Mentioned(p, "python"));
        Assert.Null(Skill(p, "r"));
        Assert.Null(Skill(p, "c"));
        Assert.Contains("only", Skill(p, "python")!.Reason);
    }

    [Fact]
    public void Ambiguous_alias_counts_only_in_technical_context()
    {
        Assert.Null(Skill(Text("We Go home early. I use Docker."), "go"));
        Assert.True(Mentioned(Text("Языки: Python, Go."), "go"));
        Assert.True(Mentioned(Text("Пишу сервисы на Go и Kafka."), "go"));
        Assert.Null(Skill(Text("Видел ламу в зоопарке. I use Docker at work."), "llama"));
    }

    [Fact]
    public void Someone_elses_work_is_not_the_candidates_skill()
    {
        var p = Text("Docker каждый день. Kubernetes — этим занимается другая команда. Terraform пишут девопсы, я только читаю.");
        Assert.Null(Skill(p, "kubernetes"));
        Assert.True(Mentioned(p, "docker"));
    }

    [Fact]
    public void Wishes_are_not_skills()
    {
        var p = Profile(Questionnaire.Qa(
            new QaAnswer("Какие технологии используете?", "Python, Docker."),
            new QaAnswer("What would you like to learn next?", "Kubernetes and Kafka."),
            new QaAnswer("Планы", "Хочу изучить Scala.")));
        Assert.Null(Skill(p, "kubernetes"));
        Assert.Null(Skill(p, "kafka"));
        Assert.Null(Skill(p, "scala"));
    }

    [Fact]
    public void Denied_skill_is_not_inferred_either()
    {
        var p = Text("I haven't done any deep learning. I trained a YOLO detector once for fun.");
        Assert.True(Mentioned(p, "yolo"));
        Assert.Null(Skill(p, "deep-learning"));
    }

    [Fact]
    public void Ancestors_are_inferred()
    {
        var p = Text("Обучал YOLO на своих данных.");
        var detection = Skill(p, "object-detection");
        Assert.Equal(SkillSource.Inferred, detection?.Source);
        Assert.Equal("yolo", detection!.Via);
        Assert.Equal(SkillSource.Inferred, Skill(p, "machine-learning")?.Source);
    }

    [Fact]
    public void Every_quote_is_where_its_offsets_say_and_names_the_skill()
    {
        const string text = """
            ## Стек
            Python, docker/docker-compose, SQLAlchemy 2.0 + asyncpg. Работаю с постгресом каждый день — это основная база.
            ## Проекты
            Очень длинное предложение про проект, в котором мы долго и подробно описываем архитектуру, подходы, решения, компромиссы, метрики, команду, сроки и ещё многое другое, а в самом конце упоминаем, что всё это работало на Kafka.
            """;
        var p = Md(text);
        foreach (var skill in p.Skills.Where(s => s.Source == SkillSource.Mentioned))
        {
            Assert.NotEmpty(skill.Evidence);
            foreach (var e in skill.Evidence)
            {
                Assert.Equal(text[e.Start..e.End], e.Quote);
                Assert.True(e.Quote.Length <= 200, e.Quote);
                Assert.Equal(e.Quote.Trim(), e.Quote);
                Assert.Contains(skill.SkillId, Extractor.Matcher.FindMentions(e.Quote).Select(m => m.SkillId));
            }
        }
        Assert.True(Mentioned(p, "kafka"));
    }

    [Theory]
    [InlineData("Работаю с Python и Docker каждый день.", "ru")]
    [InlineData("I use Python and Docker every day at work.", "en")]
    [InlineData("Python, Docker, Kafka", "en")]
    public void Language_is_detected(string text, string language) =>
        Assert.Equal(language, Text(text).Language);

    [Fact]
    public void Requested_language_is_kept() => Assert.Equal("ru", Profile(Questionnaire.Text("Python, Docker"), "ru").Language);

    [Theory]
    [InlineData("Ich arbeite seit fünf Jahren mit Python und Docker und habe viel Erfahrung mit der Entwicklung von Diensten.", "German")]
    [InlineData("Trabajé con Python y Docker durante cinco años en una empresa de logística, y también con Kafka para los eventos.", "Spanish")]
    [InlineData("我在公司使用 Python 和 Docker 已经五年了，主要负责后端服务开发。", "Chinese")]
    [InlineData("Працюю з Python і Docker вже п'ять років, розробляю сервіси для інтернет-магазину і підтримую їх.", "Ukrainian")]
    public void Unsupported_language_is_refused_and_named(string text, string name)
    {
        var failure = Extractor.Extract(Questionnaire.Text(text), "auto").Failure;
        Assert.Equal(ExtractionFailure.UnsupportedLanguage, failure?.Code);
        Assert.Contains(name, failure!.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    public void Empty_questionnaire_is_refused(string text)
    {
        Assert.Equal(ExtractionFailure.Empty, Extractor.Extract(Questionnaire.Text(text), "auto").Failure?.Code);
        Assert.Equal(ExtractionFailure.Empty, Extractor.Extract(Questionnaire.Markdown(text), "auto").Failure?.Code);
    }

    [Fact]
    public void Qa_without_answers_is_empty() =>
        Assert.Equal(ExtractionFailure.Empty,
            Extractor.Extract(Questionnaire.Qa(new QaAnswer("Which languages do you use, Python or Java?", " ")), "auto").Failure?.Code);

    [Fact]
    public void Binary_garbage_is_not_text()
    {
        var garbage = new string(Enumerable.Range(0, 400).Select(i => (char)(i * 7 % 32)).ToArray()) + "Python";
        Assert.Equal(ExtractionFailure.NotText, Extractor.Extract(Questionnaire.Text(garbage), "auto").Failure?.Code);
    }

    [Fact]
    public void Base64_blob_is_not_text()
    {
        var blob = Convert.ToBase64String(Enumerable.Range(0, 900).Select(i => (byte)(i * 31 % 251)).ToArray());
        var failure = Extractor.Extract(Questionnaire.Text(blob), "auto").Failure;
        Assert.Equal(ExtractionFailure.NotText, failure?.Code);
    }

    [Fact]
    public void Text_without_skills_is_no_skills() =>
        Assert.Equal(ExtractionFailure.NoSkills,
            Extractor.Extract(Questionnaire.Text("Люблю походы, читаю книги и готовлю."), "auto").Failure?.Code);

    [Fact]
    public void Extraction_is_thread_safe_and_deterministic()
    {
        var q = Questionnaire.Text("Python каждый день, постгрес в проде, немного Kafka. С MongoDB не работал.");
        var expected = Extractor.Extract(q, "auto").Profile!.Skills.Select(s => (s.SkillId, s.Level)).ToList();
        Parallel.For(0, 64, _ =>
            Assert.Equal(expected, Extractor.Extract(q, "auto").Profile!.Skills.Select(s => (s.SkillId, s.Level)).ToList()));
    }

    [Theory]
    [InlineData("Python every day. Our services are written in Java and Kotlin; I review pull requests in them.", "kotlin")]
    [InlineData("Обработка на PySpark. Часть старых джобов написана на Scala, их поддерживает другая команда.", "scala")]
    public void The_language_a_codebase_is_written_in_is_not_the_candidates(string text, string absent)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == absent && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    [InlineData("Мой бот написан на Kotlin, я веду его два года.")]
    [InlineData("My pet project is written in Kotlin.")]
    public void Own_code_written_in_a_language_is_the_candidates(string text)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "kotlin" && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    [InlineData("Последний год пишу сервисы на Python. Go изучать не планирую, хочу углубиться именно в Python: типизация, архитектура.")]
    [InlineData("I write Python services at work. Next I want to go deeper into Python internals.")]
    public void Wanting_to_go_deeper_into_a_skill_does_not_deny_it(string text)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "python" && s.Source == SkillSource.Mentioned);
        Assert.DoesNotContain("python", p.Denied ?? []);
    }

    [Fact]
    public void Wanting_to_go_deeper_into_a_skill_is_no_claim_of_it_either()
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text("Пишу на Java. Хочу углубиться в Kotlin."), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == "kotlin" && s.Source == SkillSource.Mentioned);
        Assert.DoesNotContain("kotlin", p.Denied ?? []);
    }

    [Theory]
    // The subject's aside is what the others own.
    [InlineData("I build dbt models in Snowflake. The streaming side (Kafka and a couple of Flink jobs) is owned by the platform team.", "kafka")]
    // A course does not outweigh saying one does not know it.
    [InlineData("I write Flutter apps in Dart. We had a couple of Kotlin labs at university, but I can't say I know Kotlin.", "kotlin")]
    // What a contractor wrote is theirs.
    [InlineData("Пишу на 1С обмены через HTTP-сервисы; мобильное приложение склада писал сторонний подрядчик на Kotlin.", "kotlin")]
    // An interest is a wish, and articles read are no use.
    [InlineData("Пишу на C# и ASP.NET Core. Интересует Orleans — читал статьи, хотел бы применить на практике.", "orleans")]
    public void What_others_own_know_or_wish_is_not_the_candidates(string text, string absent)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == absent && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void Others_claim_in_an_aside_does_not_carry_their_to_the_candidates_own_clause()
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(
            "Пишу HTTP-сервисы 1С для мобильного приложения (само приложение писал сторонний подрядчик на Kotlin), выгрузка остатков на маркетплейсы через их REST API."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "rest-api" && s.Source == SkillSource.Mentioned);
        Assert.DoesNotContain(p.Skills, s => s.SkillId == "kotlin" && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    [InlineData("Ручное функциональное и регрессионное тестирование биллинга.", new[] { "functional-testing", "regression-testing" })]
    [InlineData("I write unit and integration tests for every service.", new[] { "unit-testing", "integration-testing" })]
    public void Modifiers_joined_before_one_head_each_name_their_skill(string text, string[] expected)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        foreach (var id in expected)
        {
            var skill = p.Skills.FirstOrDefault(s => s.SkillId == id && s.Source == SkillSource.Mentioned);
            Assert.True(skill is not null, $"{id} is not mentioned");
            // The quote carries the shared head, so a reader sees what the modifier qualifies.
            Assert.Contains(skill!.Evidence, e => e.Quote.Contains("тестирование", StringComparison.Ordinal) || e.Quote.Contains("tests", StringComparison.Ordinal));
        }
    }

    [Theory]
    // A name in quotes names a project, a service or a company.
    [InlineData("Пишу на Django. Внутренний сервис назывался «Phoenix», это наш сервис печати этикеток.", "phoenix-framework")]
    [InlineData("Пишу на Python. Для души есть пет-проект «Прометей» — прогноз температуры для теплицы.", "prometheus")]
    [InlineData("Верстка и jQuery в «Express-Доставка» (курьерская служба).", "express")]
    // Seen at a meetup, played with, not counted.
    [InlineData("Kotlin and Jetpack Compose daily. Flutter - only at a meetup, never built anything.", "flutter")]
    [InlineData("React каждый день. Svelte — игрался на выходных, не считается.", "svelte")]
    [InlineData("Пишу на Django. Kafka — только слышал на митапе.", "kafka")]
    // Every item of an aside shares its head's denial.
    [InlineData("Пишу требования и BPMN. С брокерами сообщений (Kafka, RabbitMQ) не работала — у нас всё синхронно.", "rabbitmq")]
    // A figure of speech.
    [InlineData("Первые месяцы SQL казался мне алхимией, сейчас уверенно: джойны, оконные функции.", "sqlalchemy")]
    // An English noun that is also a library's name.
    [InlineData("One of our clients is a pillow and mattress factory; we run YOLO on their line.", "pillow")]
    // A denial holds for the same name in its sentence.
    [InlineData("Burp Suite daily. Best find: a Java deserialization RCE in an old admin panel (I reported it, I don't develop in Java).", "java")]
    // A sentence may open with a name written with an inner capital.
    [InlineData("Android apps - a few times with Frida, mainly for certificate pinning bypass. iOS - never, we don't have the setup.", "ios")]
    public void Names_figures_of_speech_and_things_only_heard_of_are_not_the_candidates(string text, string absent)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == absent && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    [InlineData("CAN bus (plain CAN, not CANopen) between the gateway and controllers.", "can-bus")]
    [InlineData("Image loading with Pillow and OpenCV.", "pillow")]
    [InlineData("Пишу на 1С. Дорабатывал конфигурацию «1С:Бухгалтерия» у клиентов.", "one-c-accounting")]
    public void Qualified_denials_and_quoted_products_keep_the_skill(string text, string present)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == present && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void A_denial_after_but_qualifies_a_skill_named_before_it_instead_of_taking_it_back()
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Qa(new QaAnswer("Programming languages?",
            "Python every day. I read Java well enough to review a PR, but I haven't written production Java myself.")), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "java" && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    // A plan carried out is use.
    [InlineData("Стейт: Redux Toolkit в старых модулях, в новых Zustand + TanStack Query, миграцию планировал я.", "zustand")]
    // Handed over now, the candidate's first version stands.
    [InlineData("Пишу на React. BFF на NestJS для витрины — писал первую версию, сейчас его ведёт бэкенд-команда.", "nestjs")]
    // Stopped using it is past use, not a denial.
    [InlineData("PyTorch daily, ONNX, TensorRT. TensorFlow 1.x at SafeCity, haven't touched it since 2019.", "tensorflow")]
    [InlineData("Пишу на Go, CLI-утилита на cobra для генерации заготовок сервисов.", "cobra-cli")]
    // ...unless it points back at another's work with a pronoun.
    [InlineData("FastAPI services on AWS ECS in Docker. Terraform is written by our DevOps, but I edit it when I need a new queue or bucket.", "terraform")]
    // Not writing a module for a tool is not a denial of the tool.
    [InlineData("Burp Suite, nmap, Metasploit for known exploits. Ruby - never wrote a Metasploit module, Ruby isn't something I know.", "metasploit")]
    // "No." ends its sentence (it is no "No. 5"): the "no" is about the question's skill, not the next sentence's.
    [InlineData("Java and Spring daily. GraphQL in production? No. We stayed with REST plus OpenAPI contracts.", "openapi")]
    // A tool beside a company's name in quotes is still the tool.
    [InlineData("Писал джобы на Спарке в компании «Ромашка-Логистик», 3 года.", "apache-spark")]
    // A full stop after a word ends its sentence, so its denial does not reach a name written in lower case after it.
    [InlineData("Python и FastAPI каждый день. С Кафкой я сам не работал. asyncio понимаю хорошо: event loop, gather.", "asyncio")]
    [InlineData("Mostly Django. I never touched Kafka myself. pandas and numpy for the reports, every week.", "pandas")]
    // The same verb in the past is the candidate's own when no people follow it, and a clause of what the candidate
    // did is theirs even after another's work.
    [InlineData("Настраивал Kubernetes сам: три кластера, Calico, ingress.", "kubernetes")]
    [InlineData("CI на GitHub Actions настраивал наш самый опытный участник, я в его YAML только один раз поправил версию питона.", "python")]
    // A tool's own second word or a product line is not a name.
    [InlineData("Пишу на Kotlin, сборка Gradle, деплой через Jenkins Pipeline в Kubernetes.", "jenkins")]
    [InlineData("Streaming: Kafka Streams and Flink; the lead engineer set up Kafka.", "kafka")]
    public void Plans_carried_out_handovers_past_use_and_artefacts_keep_the_skill(string text, string present)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == present && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    // Names of things and people.
    [InlineData("Python daily. The internal ML platform is called Atlas (nothing to do with Apache Atlas).", "apache-atlas")]
    [InlineData("Python daily, Kubeflow Pipelines. My manager Ray calls us 'the paved road'.", "ray")]
    // Wishes, others' work, things only discussed or not finished.
    [InlineData("Python daily, Kubeflow Pipelines. Ray is on my wishlist for next year, haven't touched it.", "ray")]
    [InlineData("Kubeflow and KServe are mine. Researchers run PyTorch DDP jobs through the Training Operator.", "pytorch")]
    [InlineData("Сборка на Maven. Про Gradle был разговор, решили не переезжать.", "gradle")]
    [InlineData("Java и Spring Boot каждый день. DDD — книгу Эванса купил, не дочитал.", "ddd")]
    [InlineData("Kafka — основной брокер. ActiveMQ не встречал.", "activemq")]
    [InlineData("Java и Spring Boot. BPM-процессы на Camunda вёл соседний отдел.", "camunda")]
    [InlineData("C++20 daily. Led the rewrite of the order gateway (project \"Phoenix\"): lock-free SPSC queues, C++20.", "phoenix-framework")]
    [InlineData("TypeScript and NestJS daily. We're discussing Kafka vs SQS for carrier events, nothing decided yet.", "kafka")]
    [InlineData("Python и Excel. 5 лет работал менеджером в транспортной компании «Спарк-Логистик».", "apache-spark")]
    // Known by name only.
    [InlineData("Python, Django, PostgreSQL каждый день. RabbitMQ и Kafka знаю только по названиям.", "kafka")]
    [InlineData("C и FreeRTOS на STM32. Yocto знаю только по названию.", "yocto")]
    [InlineData("Go and PostgreSQL daily. Cassandra I know only by name.", "cassandra")]
    // Not studied, not claimed, outside what they do.
    [InlineData("Django и HTML-шаблоны. JavaScript не учил, максимум копировал скрипты.", "javascript")]
    [InlineData("Unity and C# daily. I only wire up the feature flags, so I wouldn't claim A/B testing as my skill.", "ab-testing")]
    [InlineData("Burp Suite and Semgrep daily. Full-scope penetration testing is outside what I do.", "penetration-testing")]
    // Someone else did it: a passive with its doer, or "not me".
    [InlineData("Unity and C# daily. The experiments were designed by our product analysts.", "ab-testing")]
    [InlineData("Swift и SwiftUI каждый день. Jenkins был в такси, но его настраивал не я.", "jenkins")]
    [InlineData("Unity and C# daily. Low-level graphics work (choosing between Vulkan and OpenGL ES) was handled by our tech lead.", "vulkan")]
    // A verb in the past with people as its doer ("настраивала платформенная команда").
    [InlineData("Пишу на Python и Spark. Debezium-коннекторы, которые стримят изменения из постгри, настраивала платформенная команда — я только читал из топиков.", "debezium")]
    [InlineData("Terraform и Ansible каждый день. Сами кластеры Kafka эксплуатирует команда данных, я отвечаю только за ВМ.", "kafka")]
    // People in the nominative beside a verb of doing in the third person, before or after it, whatever the verb.
    [InlineData("Vue 3 и TypeScript каждый день. Docker-образ с nginx и деплой в кубер собирают девопсы.", "nginx")]
    [InlineData("SQL и Python каждый день. АБ-тесты запускают и считают продуктовые аналитики.", "ab-testing")]
    [InlineData("SQL и Python каждый день. Модель оттока у нас строила команда DS на CatBoost.", "catboost")]
    [InlineData("Pytest каждый день. Автотесты в Jenkins добавлял Дима.", "jenkins")]
    [InlineData("Terraform и Ansible каждый день. Нагрузку они гоняют k6 сами.", "k6")]
    [InlineData("PHP и Laravel. Со стороны 1С всё делал наш 1С-ник.", "one-c")]
    // English: "the/our/a … folks, vendor, firm" as the doer; "come from" people.
    [InlineData("Node.js and NestJS daily. The infra folks own our Terraform and the EKS clusters, so I can read a manifest.", "terraform")]
    [InlineData("Unity and C# daily. 3D models come from the art team in Blender and I only set up import settings.", "three-d-modeling")]
    [InlineData("Kotlin and Jetpack Compose daily. The penetration testing of the app is done by an external firm once a year.", "penetration-testing")]
    [InlineData("Semgrep and Burp Suite daily. An external vendor does the annual penetration testing.", "penetration-testing")]
    // Plans, docs skimmed, tried by others, before the candidate's time.
    [InlineData("Python and dbt every day, Airflow at work. Next on my list is Dagster.", "dagster")]
    [InlineData("Kubeflow and KServe daily. I've read through the Feast docs.", "feast")]
    [InlineData("Unity and C# daily. I've only skimmed the Godot docs so far.", "godot")]
    [InlineData("Kubeflow and KServe daily. DVC was tried by one of the DS teams and abandoned.", "dvc")]
    [InlineData("ClickHouse and Superset daily. Metabase was used at Kuhnia before I joined.", "metabase")]
    [InlineData("Go и pgx каждый день. Tarantool хотели внедрять для корзины, но в итоге я ушёл раньше.", "tarantool")]
    // "никакого отношения", "nothing to do with", an idea left on the whiteboard, a denial that runs on with "or any".
    [InlineData("PHP и 1С-Битрикс. Пет-проект — игра «Ember Quest», к Ember.js никакого отношения.", "ember")]
    [InlineData("Ruby on Rails and Sidekiq daily. We debated an event bus, so Kafka stayed on the whiteboard.", "kafka")]
    [InlineData("Ruby on Rails daily.\n\nWhat I haven't done:\n- No hands-on with Kubernetes, Terraform or any infrastructure-as-code.", "infrastructure-as-code")]
    // Someone else's: all theirs, a colleague, other people in the plural, existing in the company.
    [InlineData("Rust и tokio каждый день. Раскатка — не на мне: кубер и хелм-чарты целиком у SRE.", "sre")]
    [InlineData("Ruby on Rails daily. A colleague ran k6 against staging and I just fixed the slow endpoints he found.", "k6")]
    [InlineData("Excel and Power BI daily. The marketing analysts build their dashboards in Tableau.", "tableau")]
    [InlineData("Python and OpenCV daily. The PLC logic is the automation team's, and the SCADA screens are theirs too.", "scada")]
    [InlineData("Scala и Spark каждый день. Greenplum у нас в компании есть у финансового DWH.", "greenplum")]
    [InlineData("Flutter каждый день. Аналитики складывают сырые события в Hive на своём хадуп-кластере.", "hadoop")]
    // A later clause's pronoun for the people ("work with them", "пишу им") does not make their tools the candidate's.
    [InlineData("AWS daily: EKS, Lambda. The platform team owns all IaC and the Kubernetes clusters; I work with them on requirements.", "infrastructure-as-code")]
    [InlineData("Rust и tokio каждый день. Кубер и хелм-чарты целиком у SRE, я только пишу им в тикет, какие ресурсы нужны.", "kubernetes")]
    // A denial runs on through "or anything …"; what the candidate does not count as experience.
    [InlineData("dbt and Snowflake daily. I wouldn't call myself a software engineer — no Django, Flask or anything backend.", "flask")]
    [InlineData("Python и SQL каждый день.\n- CTF — пару раз ходил с командой, опытом не считаю.", "ctf")]
    // People alone after a dash say who does it; a proposal is not done; what the candidate won't call experience.
    [InlineData("PHP и 1С-Битрикс каждый день. SEO ведёт подрядчик, Яндекс.Директ — маркетологи; я только ставлю счётчики.", "yandex-direct")]
    [InlineData("PHP и 1С-Битрикс каждый день. Корзину в Redis выносить тоже предлагал, но руководство решило не тратить время.", "redis")]
    [InlineData("Flutter и Dart каждый день. Один раз поправляла чужой Xamarin-проект заказчика, но там был буквально один баг, опытом это не назову.", "xamarin")]
    [InlineData("Flutter и Dart каждый день.\n- Kotlin Multiplatform и Compose Multiplatform — очень хочу попробовать, пока только смотрела доклады.", "kotlin-multiplatform")]
    [InlineData("PHP и 1С-Битрикс каждый день.\n- Юнит-тестами в Битриксе, честно, не покрывали ничего.", "unit-testing")]
    // Known only from articles or talks someone else gave.
    [InlineData("SQL и Python каждый день. Байесовский подход тоже знаю на уровне статей.", "bayesian-methods")]
    [InlineData("Node.js and NestJS daily.\n\nA few honest gaps: GraphQL — so far none at all; I've only sat through conference talks about it.", "graphql")]
    // Decided against, not needed, never took off, never crossed paths; what one would look at; none beyond.
    [InlineData("Java и Spring Boot каждый день. Debezium брать не стали, сделали outbox на поллинге.", "debezium")]
    [InlineData("Java и PostgreSQL каждый день. Шардирование постгри пока не понадобилось.", "sharding")]
    [InlineData("ClickHouse и Greenplum каждый день. Trino у нас так и не взлетел.", "trino")]
    [InlineData("ClickHouse и Greenplum каждый день. С кубером не пересекалась, всё на виртуалках.", "kubernetes")]
    [InlineData("Java и PostgreSQL каждый день. Если бы данных стало на порядок больше, я бы наверное смотрел в сторону Citus.", "citus")]
    [InlineData("Go and ClickHouse daily. I'd seriously consider ScyllaDB instead of Aerospike for the segment store.", "scylladb")]
    [InlineData("Python and pandas daily. If I'd had more time I would have tried CatBoost.", "catboost")]
    [InlineData("Go and Kafka daily. C++: none beyond university.", "cpp")]
    [InlineData("Kubernetes and Argo CD daily. The service mesh (Istio) was rolled out by the networking team.", "istio")]
    [InlineData("Django and React daily. Vue is Marco's territory at our agency.", "vue")]
    [InlineData("ClickHouse и Greenplum каждый день. Power BI в компании был до импортозамещения.", "power-bi")]
    // A denial runs on through "… or Azure at all"; a gaps list with "тоже мимо", "руками не делал"; a wish to touch.
    [InlineData("Python and pandas daily.\n- No cloud experience: I haven't used AWS, GCP or Azure at all.", "azure")]
    [InlineData("Python и PyTorch каждый день.\n\nЧего не умею / не делал\n- Рекомендательные системы — тоже мимо.", "recommender-systems")]
    [InlineData("Python и PyTorch каждый день.\n\nЧего не умею / не делал\n- Reinforcement learning — только лекции слушал, руками не делал.", "reinforcement-learning")]
    [InlineData("ClickHouse и Greenplum каждый день. Хочу потрогать Iceberg + Trino в связке, пока только на конференциях слушала.", "trino")]
    // From batch 140–149: what one would take, a demo, a webinar, a name, a paper, a wishlist.
    [InlineData("Terraform и Ansible каждый день. Если понадобится, брали бы Managed Kafka в Yandex Cloud.", "kafka")]
    [InlineData("Java and Spring Boot daily. If traffic grew tenfold we'd probably move the event history into Cassandra.", "cassandra")]
    [InlineData("Yocto and C daily. If our next platform gets a GPU, we'd probably consider a Qt/Wayland UI.", "qt")]
    [InlineData("Yocto and C daily. I only saw the Zephyr Project demo at Embedded World 2023.", "zephyr-rtos")]
    [InlineData("Python and pytest daily. I've watched one webinar about Burp Suite.", "burp-suite")]
    [InlineData("Python and pytest daily. REST Assured I know by name only.", "rest-assured")]
    [InlineData("Spark and Delta Lake daily. Apache Iceberg only through articles about Delta UniForm.", "iceberg")]
    [InlineData("Elasticsearch и FAISS каждый день. Qdrant я видела только в демо коллег с внутреннего хакатона.", "qdrant")]
    [InlineData("Terraform и Ansible каждый день. Argo CD хотели затащить ещё в 2023-м.", "argo-cd")]
    // "X: none", "X и Y — мимо"; a heading of gaps in capitals; a clause of place says where, not what was used.
    [InlineData("Yocto and C daily.\n\nSKILLS\n- FPGA: none.\n- Yocto: five years.", "fpga")]
    [InlineData("Elasticsearch и FAISS каждый день. Из векторных баз в проде ни одной: Milvus и Weaviate — мимо.", "milvus")]
    [InlineData("Kubernetes и Terraform каждый день.\n\nЧЕГО НЕ УМЕЮ / ЧЕГО НЕ БЫЛО\n\n- Chef и Puppet в компаниях, где я работал, не использовались — с ними не сталкивался.", "chef")]
    // A bracketed aside that ends by denying use denies the skill right before it.
    [InlineData("Prometheus и Grafana каждый день. Стек: Prometheus, логи в Loki, Datadog (в вакансии он есть, но честно: не пользовался ни дня).", "datadog")]
    [InlineData("Yandex Cloud каждый день.\n\nНАВЫКИ\n\nОблака: Yandex Cloud (основное, 4 года), VK Cloud (заводил тестовый аккаунт на триале, по факту не пользовался).", "vk-cloud")]
    // More verbs denied in the past.
    [InlineData("SQL и Excel каждый день. Теорию знаю, но на стажировке A/B тесты пока не запускали.", "ab-testing")]
    // "как и": the others' work goes on.
    [InlineData("1С каждый день. Администрированием СУБД занимается наш сисадмин, как и кластером серверов 1С и бэкапами.", "database-backups")]
    // "в них" points back like "в него".
    [InlineData("Pytest и Playwright каждый день. Cypress у нас есть, но это компонентные тесты фронтендеров, я в них не лезу.", "cypress")]
    // A team as the subject of a verb of use: its use, not the candidate's.
    [InlineData("Kotlin and Spring Boot daily. The notifications team uses Project Reactor; I have read their code during reviews.", "project-reactor")]
    // What a later clause says the candidate did is about its own object.
    [InlineData("Unity and C# daily. Level design is done by game designers in our custom editor tools - I built some of those tools myself.", "level-design")]
    public void Names_wishes_and_others_work_found_unseen_are_not_the_candidates(string text, string absent)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == absent && s.Source == SkillSource.Mentioned);
    }

    [Fact]
    public void List_items_take_their_head_from_the_question()
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Qa(new QaAnswer("Какие виды тестирования вы выполняли?",
            "функциональное, регрессионное (регресс перед каждым релизом), смоук, исследовательское когда нет требований.")), "auto").Profile!;
        foreach (var id in new[] { "functional-testing", "regression-testing" })
            Assert.Contains(p.Skills, s => s.SkillId == id && s.Source == SkillSource.Mentioned);
        // One word that happens to make a phrase with the question's words is not a list of kinds.
        var one = RealTaxonomy.Extractor.Extract(Questionnaire.Qa(new QaAnswer("Опишите пайплайн обучения модели.",
            "Сначала EDA в pandas. Валидация — по времени.")), "auto").Profile!;
        Assert.DoesNotContain(one.Skills, s => s.SkillId == "model-evaluation" && s.Source == SkillSource.Mentioned);
    }

    [Theory]
    // The candidate's own verbs with others beside them stay theirs: no doer in the nominative...
    [InlineData("Go каждый день. Настраивал Kubernetes вместе с девопсами.", "kubernetes", true)]
    [InlineData("SQL каждый день. С аналитиками считали A/B-тесты.", "ab-testing", true)]
    // ...a verb that does not agree with the people named ("собрал половину команды")...
    [InlineData("Kotlin каждый день. Лидерская часть: найм (провёл 40 собеседований, собрал половину текущей команды).", "hiring", true)]
    // ...a doer's clause with an object of its own is about that object, not the clause before it.
    [InlineData("C# каждый день. CI у нас в GitLab CI, пайплайны настраивали тоже они, я правлю джобы по мелочи.", "gitlab-ci", true)]
    [InlineData("Яндекс Метрика каждый день. Через requests забираю данные из API Метрики, запуск настроил наш разработчик.", "python-requests", true)]
    // ...data that comes from a tool is no doer, and "a" goes with one team, not with "a couple of teams".
    [InlineData("Python and dbt daily. Events come from Kafka and land in ClickHouse, where I model them.", "kafka", true)]
    [InlineData("dbt and Snowflake daily. BI is Looker, and a couple of teams use Metabase on top of the same marts.", "metabase", true)]
    // ...what was there before the candidate came is no denial of their own use of it...
    [InlineData("Terraform for everything AWS (EKS, node groups, IAM). Pulumi — never used, we standardised on Terraform before I joined.", "terraform", true)]
    [InlineData("Python и LangChain. Поиск по документам на Elasticsearch — поддерживал то, что было до меня, маппинги почти не трогал.", "elasticsearch", true)]
    // ...and a product used by many teams is no other team's work.
    [InlineData("React + TypeScript, a canvas-heavy editor used by ~40k teams.", "typescript", true)]
    // ...and what others do inside a tool ("в ней") leaves the candidate's own use of it.
    [InlineData("Flutter каждый день. Аналитика: отправляю события в AppMetrica, а воронки и когорты в ней потом строят продакты.", "appmetrica", true)]
    // ...and "it's not pretty" says how it looks, not that it was never done.
    [InlineData("Docker and Ansible at work.\n- GitLab CI: a pipeline for the portal that builds the image and deploys it over SSH. My first pipeline, it works, it's not pretty.", "gitlab-ci", true)]
    // ..."только PyTorch" (not TensorFlow) leaves the other Python libraries; "только читать" data is use.
    [InlineData("Python каждый день.\n\nКакие библиотеки используете? pandas, numpy, scikit-learn, PyTorch.\n\nНа TensorFlow ничего не писал, только PyTorch.", "pandas", true)]
    [InlineData("Scala и Spark каждый день. Greenplum — это другая команда, я туда только читать хожу через jdbc.", "jdbc", true)]
    [InlineData("Go и PostgreSQL каждый день. Rust только читал в книжке.", "rust", false)]
    // ...work done together with another team is the candidate's too; "not in prod" qualifies, it does not deny...
    [InlineData("Semgrep and Burp Suite daily.\n- Kubernetes admission policies in Kyverno, written together with the platform team.", "kyverno", true)]
    [InlineData("PyTorch and YOLOv8 daily. We also benchmarked RT-DETR in 2024 — better on small defects but too slow on our hardware, so not in prod.", "rt-detr", true)]
    // ...and what the candidate already does, named under a question about what they want next, is theirs.
    [InlineData("Unity and C# daily.\n\nWhat are you looking for in your next role?\nA lead role. I already do code reviews for four developers and onboard newcomers, and I'd like to go further into architecture.", "code-review", true)]
    // ...a relative clause that says the candidate builds it stands between it and the others who deploy it...
    [InlineData("PyTorch каждый день. Сервинг — FastAPI + ONNX Runtime в Docker-образе, который я собираю сама; дальше в кубер его выкатывают MLOps-ребята.", "fastapi", true)]
    [InlineData("C and FreeRTOS daily. We have Jenkins running hardware-in-the-loop tests; I write the test scripts, but the pipeline itself was set up by our DevOps colleague and I don't maintain it.", "jenkins", false)]
    // ...a bare "not" said of something else denies its own verb ("it doesn't end it"), while the candidate's "I don't
    // administer it" still denies what "it" points at...
    [InlineData("Python and SQL daily. We prioritise with RICE; the score starts the conversation, it doesn't end it.", "prioritization-frameworks", true)]
    [InlineData("Ansible and Python daily. The NOC runs Zabbix for SNMP polling; I look at its graphs but I don't administer it.", "zabbix", false)]
    // ...and "глубоко не занимаюсь" says how deep, not that it was never done.
    [InlineData("Python и PyTorch каждый день. Подключал GPT-4 через API для саммаризации звонков. Сам LLM-ами глубоко не занимаюсь, это скорее прикладное использование.", "gpt", true)]
    // ...and an aside that says something else, or denies a skill of its own, leaves its head alone.
    [InlineData("Java и PostgreSQL (не самой свежей версии, 11-я) каждый день.", "postgresql", true)]
    public void Others_beside_a_verb_take_only_their_own_clause(string text, string skill, bool kept)
    {
        Assert.Equal(kept, NamesAsMentioned(Questionnaire.Text(text), skill));
    }

    [Fact]
    public void Another_teams_tool_is_still_implied_by_the_candidates_own_narrower_one()
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(
            "Vue 3 и TypeScript каждый день. Docker-образ с nginx и деплой в кубер собирают девопсы, у меня только локальный docker-compose для моков."), "auto").Profile!;
        Assert.Contains(p.Skills, s => s.SkillId == "docker" && s.Source == SkillSource.Inferred);
        Assert.DoesNotContain(p.Skills, s => s.SkillId == "docker" && s.Source == SkillSource.Mentioned);
        Assert.DoesNotContain(p.Skills, s => s.SkillId == "nginx");
        // Denied by the candidate, it is not implied: "Docker не знаю" stands against docker-compose.
        var denied = RealTaxonomy.Extractor.Extract(Questionnaire.Text(
            "Vue 3 и TypeScript каждый день. Docker я не знаю, запускаю только готовый docker-compose для моков."), "auto").Profile!;
        Assert.DoesNotContain(denied.Skills, s => s.SkillId == "docker");
    }

    [Theory]
    // A candidate's own words against a tool outweigh its being named in the job's description...
    [InlineData("## 1. Расскажите о вашем коммерческом опыте\n#### ЛентаПэй (финтех) — Senior iOS developer, 2021 — н.в.\nПишу на свифте каждый день.\n___\nОфлайн-кэш выписок — Core Data. Когда я пришёл, в проекте ещё висел Realm, но его почти сразу выпилили в пользу Core Data, так что с Realm я толком не работал.", "realm", false)]
    // ...but not a list of what they used, nor a denial of present use only.
    [InlineData("## EPAM — Java Developer (2016 - 2020)\nOutsourced projects for a European bank: Spring MVC, Hibernate, Oracle.\n\n## Databases\nAt Revolut we use jOOQ rather than Hibernate.", "hibernate", true)]
    [InlineData("## СофтБанк — C# разработчик (2018 - 2021)\nПоддержка легаси: WCF-сервисы, MS SQL Server с кучей хранимых процедур на T-SQL. Сейчас с MS SQL не работаю, но хранимки читать могу.", "ms-sql-server", true)]
    // How often they look at another team's code says nothing of the skill being theirs.
    [InlineData("Только нативная iOS-разработка на Swift. Android-версию у нас пишет отдельная команда на Kotlin, иногда заглядываю в их код.", "android", false)]
    public void A_denial_in_so_many_words_beats_a_mention_that_claims_nothing(string text, string skill, bool kept)
    {
        Assert.Equal(kept, NamesAsMentioned(Questionnaire.Markdown(text), skill));
    }
    [Theory]
    // Under a heading of what the candidate lacks, each line's first skill is lacking...
    [InlineData("Стек: 1С, PostgreSQL.\n\nЧего нет / что не моё:\n- Vanessa Automation очень хочу внедрить, пока только посмотрела демо.\n- Мобильная платформа — нет.", "vanessa-automation", false)]
    [InlineData("Backend: Node.js, NestJS.\n\nnot my strengths, honest list:\n- GraphQL: basically none, we're REST + tRPC\n- Angular: one uni project in 2019", "graphql", false)]
    [InlineData("Backend: Node.js, NestJS.\n\nnot my strengths, honest list:\n- GraphQL: basically none, we're REST + tRPC\n- Angular: a course in 2019", "angular", false)]
    // ...what the line goes on to say is used instead stays, and so does a hedge of how little.
    [InlineData("Backend: Node.js, NestJS.\n\nnot my strengths, honest list:\n- GraphQL: basically none, we're REST + tRPC\n- Angular: one uni project in 2019", "trpc", true)]
    [InlineData("Python и Django каждый день.\n\nСлабые стороны:\n- Kubernetes — на базовом уровне, kubectl logs и describe.", "kubernetes", true)]
    // The gaps end with their list: the next paragraph is the candidate's again.
    [InlineData("1С каждый день.\n\nЧего нет / что не моё:\n- ЗУП — не моё.\n- 1С:WMS не внедряла.\n\nВне 1С: один раз написала скрипт на Python, который парсит прайсы из Excel.", "python", true)]
    // What is lacking takes its bracketed aside with it.
    [InlineData("Node.js and NestJS daily.\n\nA few honest gaps: GraphQL — so far none at all. Event-driven work at scale (service mesh, sagas) is something I've read about more than done.", "service-mesh", false)]
    // Only a sentence's first clause is lacking: what it goes on to say it uses stands.
    [InlineData("PostgreSQL и Patroni каждый день.\n\nЧего нет:\n- Для пулинга можно было бы перейти на Odyssey, обсуждали, но PgBouncer нас устраивает.", "pgbouncer", true)]
    // A paragraph that opens with a label of wishes is a block of wishes.
    [InlineData("React and Next.js at work.\n\nwhat I want next: more backend-heavy work and event-driven stuff, and system design.", "event-driven-architecture", false)]
    public void A_heading_of_what_the_candidate_lacks_or_wants_scopes_its_lines(string text, string skill, bool kept)
    {
        Assert.Equal(kept, NamesAsMentioned(Questionnaire.Text(text), skill));
    }
    [Theory]
    // A skill's name inside an organisation's name, up to the word that ends such names...
    [InlineData("Our biggest client is Falcon Insurance Group; I build RAG pipelines with LangChain and Qdrant for them.", "falcon")]
    [InlineData("Работаю бэкендером в аптечной сети Elixir Pharma: Python, FastAPI, PostgreSQL.", "elixir")]
    [InlineData("Data engineer at Iceberg Group, a retail chain: Spark, Airflow and ClickHouse every day.", "iceberg")]
    // ...or a person's first and last name after a role ("my manager, Sarah Jenkins").
    [InlineData("GitLab CI and Ansible at work; an incident means my manager, Sarah Jenkins, calling my phone.", "jenkins")]
    [InlineData("I designed it together with my tech lead, Cassandra Novak: Kotlin, Spring Boot and PostgreSQL.", "cassandra")]
    [InlineData("My manager, Claude Moreau, runs the applied AI team; I fine-tune Qwen with PyTorch.", "claude")]
    [InlineData("KServe and Triton daily; my tech lead, Ray, pushed for the Argo CD rollout.", "ray")]
    // ...or an ambiguous name beside a capitalised word that is no skill and no word of technology.
    [InlineData("Vue 3, Nuxt, TypeScript. До этого два года работал в веб-студии Quasar Digital, делал лендинги на Vue.", "quasar")]
    [InlineData("Node.js, TypeScript, NestJS. Current role — Northwind Express, a logistics company, where I build REST APIs on NestJS.", "express")]
    [InlineData("Prometheus и Grafana. Был ещё короткий проект в стартапе Nomad Trips на Go и Kubernetes.", "nomad")]
    [InlineData("Rust и tokio каждый день. До этого 5 лет на C++ в Scala Telecom.", "scala")]
    [InlineData("Ruby on Rails and PostgreSQL. Our PM Julia owns the roadmap and the prioritisation.", "julia")]
    public void A_skill_name_inside_a_person_or_company_name_is_not_a_skill(string text, string absent)
    {
        var p = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.DoesNotContain(p.Skills, s => s.SkillId == absent && s.Source == SkillSource.Mentioned);
        // The real skills of the same sentence stay.
        Assert.True(p.Skills.Count(s => s.Source == SkillSource.Mentioned) >= 2);
    }

    [Theory]
    // A word that goes on names of technology in the taxonomy ("Kafka Connect", "Cluster Autoscaler") makes no company name...
    [InlineData("Node.js, TypeScript. We moved our jobs to Spark Connect and Python last year.", "apache-spark")]
    [InlineData("Terraform and Consul. Nomad Autoscaler and Terraform run our batch fleet.", "nomad")]
    // ...nor does a heading in title case.
    [InlineData("### Spark Jobs Optimization\nPython, Airflow and Spark daily, tuning shuffles and partitions.", "apache-spark")]
    public void An_ambiguous_name_beside_a_word_of_technology_stays_a_skill(string text, string skill)
    {
        Assert.True(NamesAsMentioned(Questionnaire.Markdown(text), skill));
    }

    [Theory]
    // A numbered bold line is a question's heading even without its mark; a question about other teams' work makes its
    // answer theirs unless the candidate says otherwise.
    [InlineData("**1. Кратко о себе**\nSRE, Prometheus и Grafana каждый день.\n\n**5. Что делают другие команды**\nСеть и BGP держат сетевики. Patroni и сами базы PostgreSQL — это зона DBA.", "bgp", false)]
    [InlineData("**1. Кратко о себе**\nSRE, Prometheus и Grafana каждый день.\n\n**5. Что делают другие команды**\nСеть и BGP держат сетевики. Patroni и сами базы PostgreSQL — это зона DBA.", "patroni", false)]
    [InlineData("**1. About me**\nMLOps engineer: KServe and MLflow daily.\n\n**2. Which parts of the platform are owned by other teams?**\nThe feature pipelines run in Airflow, which the data engineering team owns. I write the occasional SQL query against Snowflake.", "airflow", false)]
    [InlineData("**1. About me**\nMLOps engineer: KServe and MLflow daily.\n\n**2. Which parts of the platform are owned by other teams?**\nThe feature pipelines run in Airflow, which the data engineering team owns. I write the occasional SQL query against Snowflake.", "snowflake", true)]
    // A paragraph labelled as others' work is theirs; a question that asks both what the candidate built and what others
    // own is not about others' work only.
    [InlineData("**2. Which parts of the data stack did you build yourself, and which are owned by others?**\nBuilt myself: incremental dbt models and data quality tests with dbt-expectations.\n\nOwned by others: ingestion. Reverse ETL into Salesforce through Hightouch was set up by marketing ops; I only provide the model it reads from.", "salesforce", false)]
    [InlineData("**2. Which parts of the data stack did you build yourself, and which are owned by others?**\nBuilt myself: incremental dbt models and data quality tests with dbt-expectations.\n\nOwned by others: ingestion. Reverse ETL into Salesforce through Hightouch was set up by marketing ops; I only provide the model it reads from.", "dbt-expectations", true)]
    // "Чем не занимались" is a heading of gaps.
    [InlineData("**1. Кратко о себе**\nSRE, Prometheus и Grafana каждый день.\n\n**6. Чем не занимались**\nDatadog и New Relic — у нас всё self-hosted.", "datadog", false)]
    // A possibility is no claim, whatever else its clause denies; a blind spot or a thing passed by is no skill.
    [InlineData("C# и ASP.NET Core каждый день, шина на RabbitMQ. Для шины событий можно было бы взять Kafka вместо RabbitMQ, но решили, что не нужна.", "kafka", false)]
    [InlineData("Node.js and NestJS daily. Serverless is a blind spot for me.", "serverless", false)]
    [InlineData("Prometheus и Grafana каждый день. eBPF пока знаю только по докладам на HighLoad++.", "ebpf", false)]
    [InlineData("C# и ASP.NET Core каждый день. Blazor обошёл стороной, фронт у нас на React у другой команды.", "blazor", false)]
    // Another team's work does not carry into a clause whose subject is the candidate's team.
    [InlineData("Kafka daily.\n\nThe data team runs Airflow and Snowflake; we publish domain events and data contracts for them.", "event-driven-architecture", true)]
    public void Headings_questions_and_idioms_say_whose_a_skill_is(string text, string skill, bool kept)
    {
        Assert.Equal(kept, NamesAsMentioned(Questionnaire.Markdown(text), skill));
    }
    [Theory]
    // A denial whose subject is a relative pronoun after a word that names no skill is said of that thing; after a skill
    // it still denies it.
    [InlineData("I use Jupyter and pandas for anything that does not fit into one SQL query.", "pandas", true)]
    [InlineData("I use Jupyter and pandas for anything that does not fit into one SQL query.", "sql", true)]
    [InlineData("Docker daily. Kubernetes, which never made it into our stack, stayed a plan.", "kubernetes", false)]
    [InlineData("Pandas и Jupyter для задач, которые не влезают в Excel.", "jupyter", true)]
    // A line in capitals with an aside after it is a heading; under a heading of gaps, the line's label is denied by the
    // line's last word on it, and "не делала" heads a list of gaps.
    [InlineData("I build services in Go every day at work.\n\nTHINGS I HAVEN'T DONE (so you don't have to find out in the interview)\n- Akka: I know the actor model from the BEAM side, but I've never used Akka.", "akka", false)]
    [InlineData("Сегментация КТ на PyTorch каждый день.\n\nЧТО НЕ ДЕЛАЛА / ЧЕСТНО\n- YOLO и детекция на видео.", "yolo", false)]
    // "Beyond A/B" under gaps names what the candidate has; "ноль опыта" and "on paper" deny.
    [InlineData("**1. Tell us about your work.**\nI design experiments and read out A/B tests every week in ClickHouse.\n\n**11. What are your gaps?**\nCausal inference beyond A/B (diff-in-diff): only a Coursera course.", "ab-testing", true)]
    [InlineData("Linux и Windows Server каждый день. Облака у нас не используются, так что про AWS — ноль опыта.", "aws", false)]
    [InlineData("Kafka Streams and Debezium at work every day. Pulsar: we evaluated it on paper during a cost review.", "pulsar", false)]
    // "it" before a modal is a clause's own subject, not a pronoun pointing back at another team's tools.
    [InlineData("**1. About you**\nPyTorch and YOLO every day at work.\n\n**8. What have you not worked with?**\nThe mobile app is developed by a separate team in Swift and Kotlin — I only defined the image checks it must run.", "swift", false)]
    // A provider or exporter for a tool is an artefact: not trying one is no denial of the tool, wanting to write one no wish for it.
    [InlineData("Виртуализация — Proxmox-кластеры поверх KVM, около 600 виртуалок. Terraform руки не дошли (провайдер для Proxmox пробовать не стали).", "proxmox", true)]
    [InlineData("Мониторинг — Prometheus и Grafana, алерты в Телеграм. Хочу освоить Go, чтобы писать свои экспортеры для Prometheus.", "prometheus", true)]
    // Denying GraphRAG is not denying retrieval-augmented generation.
    [InlineData("I built a RAG assistant over our policy documents with Qdrant and reranking. GraphRAG I've never tried.", "rag", true)]
    [InlineData("I built a RAG assistant over our policy documents with Qdrant and reranking. GraphRAG I've never tried.", "graph-rag", false)]
    // "They own …" is others' work; "я бы не заявлял" denies; a heading of gaps that names experience is no heading of work.
    [InlineData("I write SQL in ClickHouse every day. The data engineering team builds the marts. They own the Airflow DAGs, I just read from the marts.", "airflow", false)]
    [InlineData("Ansible и Proxmox каждый день. k8s-кластер держит соседняя команда, поэтому опыт с Kubernetes я бы не заявлял.", "kubernetes", false)]
    [InlineData("Go and Kafka at work every day.\n\nWHERE MY EXPERIENCE ENDS\n- Java: the previous clearing service was Java/Spring and I rewrote it in Go. I've never written Java professionally.", "java", false)]
    // Seen or learnt only in a course is not had ("видел на курсе", "only a Coursera course", "только в универе"); what was
    // built there is ("только учебный проект", "делал только на курсе: … GAN-ы"), and so is a thesis.
    [InlineData("Java и Spring каждый день на работе.\n- Kotlin — видел на курсе, в работе не применял.", "kotlin", false)]
    [InlineData("Power BI и DAX каждый день. Tableau — только на курсе.", "tableau", false)]
    [InlineData("PyTorch and YOLO every day at work. Reinforcement learning: only a Coursera course years ago.", "reinforcement-learning", false)]
    [InlineData("PyTorch каждый день на работе. TensorFlow только в универе.", "tensorflow", false)]
    [InlineData("Django и PostgreSQL каждый день. MongoDB — только учебный проект на курсе.", "mongodb", true)]
    [InlineData("YOLO на работе каждый день. Свои с нуля только на курсе: там делали GAN-ы и автоэнкодеры.", "autoencoders", true)]
    [InlineData("PyTorch every day at work. TensorFlow: only for my master's thesis in 2019.", "tensorflow", true)]
    [InlineData("I design experiments and read out A/B tests every week. Causal inference beyond A/B: only a Coursera course.", "ab-testing", true)]
    // "ни …, ни в пет-проектах" is a place it was not used; a question's examples in brackets are the question's, not the answer.
    [InlineData("**1. Основной стек?**\n\nMaxPatrol SIEM каждый день на работе.\n\n**2. С какими SIEM работали? (QRadar, Splunk, ArcSight)**\n\nТолько MaxPatrol. QRadar и ArcSight — нет.", "splunk", false)]
    // "Superset тоже", "Angular either" after a denial share it ("Go тоже" after a claim does not); a discussion is no use.
    [InlineData("Power BI каждый день на работе. Qlik не работал, Superset тоже.", "superset", false)]
    [InlineData("React every day at work. I never used Vue, Angular either.", "angular", false)]
    [InlineData("Python каждый день на работе, Go тоже.", "go", true)]
    [InlineData("RabbitMQ every day at work. We had a discussion about Kafka in 2022 and decided RabbitMQ was enough.", "kafka", false)]
    // What another team owns, said after a dash, is theirs even where a word of use ("run") stands in the topic before it.
    [InlineData("WPF and C# every day at work.\n\n**Backend?**\n\nThe cloud portal where labs see run statistics is ASP.NET Core + Azure — owned by the web team in another office.", "aspnet-core", false)]
    // "played with … for a weekend" is toying, not use.
    [InlineData("Node.js and NestJS every day at work. Deno and Bun: played with Bun for a weekend, never anything real.", "bun", false)]
    // A vendor's work is the vendor's; "которая тестирует" after a team is the team; storage people who administer Ceph.
    [InlineData("Java and Spring every day at work. Never used Scala in production — one of our vendors used Akka and it was a black box to us.", "akka", false)]
    [InlineData("Python и pytest каждый день на работе. В компании есть команда, которая тестирует десктопный модуль на Java + Selenide, но это не мои тесты.", "selenide", false)]
    [InlineData("Prometheus каждый день на работе. Thanos хранит данные в S3-совместимом Ceph, его админят сторажники.", "ceph", false)]
    // "… — опытом это назвать нельзя", "I wouldn't call that experience" take back what the sentence said, back to a contrast.
    [InlineData("MaxPatrol SIEM каждый день на работе. Kali ставил на виртуалку, Metasploit запускал пару раз по туториалу — опытом это назвать нельзя.", "metasploit", false)]
    [InlineData("Kotlin и Compose каждый день на работе. Flutter пробовал на хакатоне один вечер — не считаю это опытом.", "flutter", false)]
    [InlineData("Python and Django every day at work. I wrote a toy CLI in Rust once, I wouldn't call that experience.", "rust", false)]
    [InlineData("Kotlin и Compose каждый день на работе, а Flutter пробовал на хакатоне один вечер — не считаю это опытом.", "kotlin", true)]
    // What was switched off before the candidate came is not theirs.
    [InlineData("ClickHouse и Kafka каждый день на работе. Был старый Hadoop-кластер, но его выключили до моего прихода.", "hadoop", false)]
    // A denial of a head reaches every item of its aside, "и", "и т.п." between them or not.
    [InlineData("Power BI каждый день на работе. С облаками (Azure и AWS) не работал.", "aws", false)]
    [InlineData("Power BI каждый день на работе. В облаках (Azure и т.п.) не работал, всё on-premise.", "azure", false)]
    // A label before a dash is the topic of another team's claim after it; the customer's administrators do the work; a
    // tool being evaluated is not used yet.
    [InlineData("React и TypeScript каждый день на работе. Angular — админку для одного клиента пилила соседняя команда на Angular, я туда не лезла.", "angular", false)]
    [InlineData("1С:ERP каждый день на работе. Настройку MS SQL и бэкапы всегда делали администраторы заказчика.", "ms-sql-server", false)]
    [InlineData("dbt and Looker every day at work. We're currently evaluating Dagster for the analytics team, nothing is built yet.", "dagster", false)]
    // A passive's agent is who did the work ("written in Swift by a separate contractor"); "by myself" is the candidate.
    [InlineData("Java and Room every day at work. The company had an iOS app for managers, written in Swift by a separate contractor.", "swift", false)]
    [InlineData("Java and Room every day at work. The first iOS app was built in Swift by myself in 2019.", "swift", true)]
    [InlineData("Burp and Nmap every day at work. Malware goes to the SOC and they run it through their sandbox and Splunk.", "splunk", false)]
    // "Only" keeps the candidate's part in others' work to what it names.
    [InlineData("Zabbix и Windows Server каждый день на работе. MS SQL: бэкапы и джобы (хранимки писали разработчики, я их только деплоил).", "stored-procedures", false)]
    [InlineData("Which languages do you use?\nPython every day at work. The Java and Go SDK samples are written by the SDK engineers; I only edit the comments around them.", "java", false)]
    // A Russian passive with people in the instrumental is their work, not what it is made from; more people as doers.
    [InlineData("Java и Selenide каждый день на работе. Дашборды собраны в Grafana нашими девопсами по данным из Allure и Jira.", "grafana", false)]
    [InlineData("Java и Selenide каждый день на работе. Дашборды собраны в Grafana нашими девопсами по данным из Allure и Jira.", "jira", true)]
    [InlineData("C++ и Vulkan каждый день на работе. Веб-версию вьюера на Three.js делали фронтендеры.", "threejs", false)]
    [InlineData("Unity и C# каждый день на работе. Модели и анимации делают 3D-артисты в Blender и Maya.", "three-d-modeling", false)]
    // Taking a course on a skill, and nothing more, is not having it; what the course made one build is ("в рамках которого
    // надо было реализовать … функции потерь"), and so is use said in the same sentence.
    [InlineData("Тест-дизайн и Jira каждый день на работе. Python проходила на курсе на Stepik — основы, в работе не применяла.", "python", false)]
    [InlineData("Burp and Nmap every day at work. I did a Go course last year, but I script in Python.", "go", false)]
    [InlineData("Rust и tokio каждый день на работе. Haskell — проходил курс на Stepik.", "haskell", false)]
    [InlineData("PyTorch каждый день на работе. Проходил курс от DeepLearningSchool, в рамках которого надо было реализовать архитектуры и функции потерь по статьям.", "loss-functions", true)]
    [InlineData("I completed a Udemy course on Terraform and built a small AWS setup on the free tier with it.", "terraform", true)]
    // Another freelancer's panel, the application teams' code.
    [InlineData("Django and PostgreSQL every day at work. On one project the client hired another freelancer for a Vue admin panel.", "vue", false)]
    [InlineData("Kubernetes and Terraform every day at work. Application teams own their Spring Boot code and their Helm values.", "spring-boot", false)]
    // A denial of a head that names no skill reaches its bracketed examples; drinks named like tools; a list of wishes;
    // knowing only conceptually.
    [InlineData("ClickHouse и dbt каждый день на работе. Веб-фреймворки (Django, FastAPI) не трогала.", "fastapi", false)]
    [InlineData("YOLO и PyTorch каждый день на работе. На полке стоят сидр Hive и энергетик Falcon в банках одного цвета.", "hive", false)]
    [InlineData("Manual testing and Jira every day at work. Kotlin and Espresso are on my list for this year.", "espresso", false)]
    [InlineData("Python and SQL every day at work. I know conceptually what Spark does, but our data fits in memory.", "apache-spark", false)]
    // "We evaluated X" considered it and no more, and says nothing of what was chosen instead; "came up in" a meeting.
    [InlineData("ECS and Terraform every day at work. We evaluated EKS in 2021 and deliberately chose ECS on Fargate.", "kubernetes", false)]
    [InlineData("ECS and Terraform every day at work. We evaluated EKS in 2021 and deliberately chose ECS on Fargate.", "aws-fargate", true)]
    [InlineData("Java and Kafka every day at work. GraphQL? We evaluated it for the broker portal and stayed with REST plus OpenAPI contracts.", "openapi", true)]
    [InlineData("SQL and A/B tests every day at work. Multi-armed bandits came up in a planning meeting once; we decided against them.", "multi-armed-bandits", false)]
    // A passive's agent may be a team a skill names; "не связывались" with its own object leaves the list before it.
    [InlineData("Swift and SwiftUI every day at work. Our Android app is a separate native app written in Kotlin by the Android team.", "kotlin", false)]
    [InlineData("Kubernetes и Helm каждый день на работе. Логи — Loki + Promtail, с ELK не связывались, дорого по ресурсам.", "elk", false)]
    [InlineData("Kubernetes и Helm каждый день на работе. Логи — Loki + Promtail, с ELK не связывались, дорого по ресурсам.", "loki", true)]
    [InlineData("Flutter и Dart каждый день на работе. Бэкендеры завели под мобилку отдельный realm в Keycloak.", "keycloak", false)]
    // Kafka's "The Trial" is a novel; "would also love to try" is a wish.
    [InlineData("Prometheus и Grafana каждый день на работе. Во время больших инцидентов всегда вспоминаю «Процесс» Кафки.", "kafka", false)]
    [InlineData("Ruby on Rails every day at work. Would also love to try Crystal someday, just for fun.", "crystal", false)]
    // An employer named like a tool after "at"; knowing only from a course; "we looked at"; what a bank has.
    [InlineData("Kotlin and Ktor every day at work. At Falcon everything in my team is Kotlin.", "falcon", false)]
    [InlineData("CatBoost и SQL каждый день на работе. PyTorch знаю только по курсу на Stepik.", "pytorch", false)]
    [InlineData("React and TypeScript every day at work. Redux I only know from a course.", "redux", false)]
    [InlineData("Kotlin and Ktor every day at work. We looked at Dagger at some point and decided it is overkill for a backend.", "dagger-hilt", false)]
    [InlineData("Ansible и GitLab CI каждый день на работе. В банке есть шина и Kafka, но ими занимаются интеграторы.", "kafka", false)]
    [InlineData("Python and LangGraph every day at work at a startup; we're based in Phoenix, Arizona.", "phoenix-framework", false)]
    [InlineData("Yandex Cloud и Ansible каждый день на работе. В AWS даже аккаунт не заводил.", "aws", false)]
    [InlineData("Selenide и Java каждый день на работе. JMeter открывал один раз на курсе.", "jmeter", false)]
    [InlineData("Go and Aerospike every day at work. ScyllaDB came up when we were looking for an Aerospike alternative.", "scylladb", false)]
    [InlineData("CatBoost и SQL каждый день на работе: выгрузки из SPARK-Интерфакс и БКИ.", "apache-spark", false)]
    // Reading code is no use of the language unless the sentence says what was done with it.
    [InlineData("Python and SQL every day at work. The data engineers maintain the Spark jobs; I can read PySpark but I only consume the output tables.", "pyspark", false)]
    [InlineData("Python and Airflow every day at work. Scala: I can read it and I've patched two legacy jobs written in it.", "scala", true)]
    [InlineData("Flutter и Dart каждый день на работе. Kotlin могу читать, разработчики на нём пишут, иногда смотрю их тесты.", "kotlin", false)]
    // What was done while reading stands, unless a "but" denies the skill read or says next to nothing was done; a denial
    // of something else leaves it. Reading is no claim of use: a denial later in the sentence reaches it. A human
    // language read is a language had.
    [InlineData("Ruby on Rails every day at work. Objective-C — I can read it to understand the legacy payment module, but I have never written it professionally.", "objective-c", false)]
    [InlineData("React Native every day at work. I can read Swift well enough to patch a native module, but I've never written a Swift app.", "swift", false)]
    [InlineData("SQL and Amplitude every day at work. I can read a dbt model and opened two small PRs to add a column, but I wouldn't call it a skill.", "dbt", false)]
    [InlineData("Swift every day at work. I can read Objective-C and still maintain a few legacy classes, but I wouldn't start anything new in it.", "objective-c", true)]
    [InlineData("Kubernetes и Bash каждый день на работе. Go читаю, не пишу.", "go", false)]
    [InlineData("Kotlin — основной. Java — в легаси-модулях банка, читаю и правлю баги, новый код на Java не пишу.", "java", true)]
    [InlineData("Python и SQL каждый день на работе. Английский — B1, читаю документацию без проблем.", "english", true)]
    [InlineData("Python и SQL каждый день на работе.\n\n## Что хотели бы развивать дальше?\nCausal inference. Английский — читаю документацию и статьи без проблем, говорю так себе.", "english", true)]
    [InlineData("Burp Suite and Python every day at work. I can read German technical docs.", "german-language", true)]
    [InlineData("PyTorch и MONAI каждый день на работе. Английский — B2+, читаю статьи без проблем.", "english", true)]
    // A denial of depth says how little, not that there was none; a depth said of something else is no denial of depth.
    [InlineData("Spark и Airflow каждый день на работе. ClickHouse у нас для отчётов, сделал пару загрузок, но глубоко ClickHouse не знаю.", "clickhouse", true)]
    [InlineData("Java and Spring every day at work. I don't know Kubernetes in depth, I only deploy to it.", "kubernetes", true)]
    [InlineData("SQL и Amplitude каждый день на работе. Сама ML не занимаюсь и в устройство модели глубоко не лезу.", "machine-learning", false)]
    // "Only … a course" speaks of what comes before it, whatever the course is called; a course studied; knowing what a
    // tool is; "not about me"; others serving a model.
    [InlineData("Java и Spring каждый день на работе. AWS знаю только по сертификационному курсу Cloud Practitioner, реальных проектов не было.", "aws", false)]
    [InlineData("SQL и Excel каждый день на работе. Tableau изучала на курсе в Практикуме.", "tableau", false)]
    [InlineData("SQL and Excel every day at work. Airflow: I know what it is, but our loads are set up by a contractor.", "airflow", false)]
    [InlineData("Django и Redis каждый день на работе. Интеграция со СПАРК-Интерфакс (Spark который Apache — это не про меня).", "apache-spark", false)]
    [InlineData("CatBoost и Airflow каждый день на работе. Модели в проде сервит MLOps-команда через Triton, я отдаю им ONNX.", "triton-inference-server", false)]
    [InlineData("SQL и Power BI каждый день на работе. Процедуры и индексы — это уже к нашему админу БД, я туда не лезу.", "indexing", false)]
    // A questionnaire written as bold topics under a title: each topic is the question its answer replies to.
    [InlineData("# Анкета: QA Automation Engineer\n\n**Основной стек**\nJava и Selenide каждый день на работе.\n\n**BDD / Cucumber**\nНет, в компании от него отказались ещё до моего прихода.", "cucumber", false)]
    [InlineData("# Анкета: QA Automation Engineer\n\n**Основной стек**\nJava и Selenide каждый день на работе.\n\n**BDD / Cucumber**\nНет, в компании от него отказались ещё до моего прихода.", "selenide", true)]
    // A denial in so many words outweighs a mention hedged as "in theory" or "not really"; "немного" stands beside it.
    [InlineData("Ansible и GitLab CI каждый день на работе. На курсе: Docker, Terraform в теории. До Terraform руки так и не дошли.", "terraform", false)]
    [InlineData("Vue and Nest every day at work. GraphQL: not really, I did the Apollo tutorial one weekend. I have never used GraphQL in a project.", "graphql", false)]
    [InlineData("Ansible и GitLab CI каждый день на работе. Terraform немного, модули для бакетов. С Terraform в проде не работал.", "terraform", true)]
    [InlineData("Kubernetes and Go every day at work. Chaos engineering - read the book, never ran a real game day.", "chaos-engineering", false)]
    [InlineData("Python и SQL каждый день на работе. Про DDD только прочитал книгу Эванса.", "ddd", false)]
    // "на стороне" names whose side only when people follow; a system after it is a place.
    [InlineData("1С каждый день на работе: оптимизировал тяжёлые отчёты, смотрел планы запросов на стороне MS SQL Server.", "ms-sql-server", true)]
    [InlineData("Go и PostgreSQL каждый день на работе. Топики и схемы Kafka — на стороне продуктовых команд.", "kafka", false)]
    // A follow-up question asked inside an answer ("… Q: …? A: No, …") is a question of its own.
    [InlineData("**5. Mobile testing?**\n\nManual only, on real devices with Playwright for web. Q: Have you used Appium or Detox? A: No, never automated mobile.\n\n**6. CI?**\nGitHub Actions every day at work.", "appium", false)]
    [InlineData("**5. Mobile testing?**\n\nManual only, on real devices with Playwright for web. Q: Have you used Appium or Detox? A: Yes, Appium for two years at work.\n\n**6. CI?**\nGitHub Actions every day at work.", "appium", true)]
    // A denial that speaks only forward reaches back only through a pronoun that is its object; "a team where I can" wishes.
    [InlineData("Vue and Nuxt every day at work. I did the Nuxt 3 migration, replacing Vuex with Pinia store by store. It took five months and we shipped it without a freeze.", "vuex", true)]
    [InlineData("Flutter every day at work. I'd love a team where I can get proper code review from senior developers.", "code-review", false)]
    // A course, and no use at work: not had. What was written in study is work of its own.
    [InlineData("Django и Celery каждый день на работе. asyncio — только теория, проходил курс на Stepik, в работе не применял.", "asyncio", false)]
    [InlineData("Java daily for 8 years at work. Familiar with Scala from a Coursera course, never used it at work.", "scala", false)]
    [InlineData("Go каждый день на работе. Ещё в универе писал на C++ лабы, но это было давно и в прод на плюсах писать бы не стал.", "cpp", true)]
    // An exercise done in the course is still the course; only a supposition ("бы", "would") denies no use.
    [InlineData("Тест-дизайн и Jira каждый день на работе. На курсе в OTUS было несколько занятий по JMeter, я собрала там простой сценарий, но в реальной работе не применяла.", "jmeter", false)]
    [InlineData("Terraform and AWS daily at work. GCP: I studied for the Associate Cloud Engineer exam on Coursera in 2022 but never ran anything real there.", "gcp", false)]
    [InlineData("Пишу на Go сервисы для платежей, в проде третий год.", "go", true)]
    // A course and a bare denial after it: not had; a denial that follows other skills' clauses is theirs.
    [InlineData("PyTorch и YOLO каждый день на работе. MMDetection и Detectron2 — в курсе, что это, но не пользовался.", "mmdetection", false)]
    [InlineData("Python и pandas каждый день на работе. CNN (на уровне курсовой), RNN знаю в теории, трансформеры — читала статьи, руками не обучала.", "cnn", true)]
    // Denials, others' work and wishes said in ways first met in unseen questionnaires.
    [InlineData("React и TypeScript каждый день на работе. В Практикуме был модуль по Node.js и Express, но я проходила его в ускоренном режиме и, по-честному, ничего своего на Express не написала.", "express", false)]
    [InlineData("Tableau каждый день на работе. Superset поднимали на тестовом стенде айтишники, я к нему не прикасалась.", "superset", false)]
    [InlineData("PyTorch каждый день на работе. Airflow без опыта, переобучение запускаем руками или cron-ом.", "airflow", false)]
    [InlineData("React и TypeScript каждый день на работе. Хочу сделать следующий пет-проект на GraphQL API, чтобы понять разницу с REST.", "graphql", false)]
    [InlineData("ClickHouse каждый день на работе. Greenplum — знаю по названию.", "greenplum", false)]
    [InlineData("Apache Spark и Hadoop каждый день на работе. Кубер и докер — не моя зона, там платформа.", "docker", false)]
    [InlineData("Dagster and dbt every day at work. CI is GitHub Actions; Argo CD is planned for next quarter.", "argo-cd", false)]
    [InlineData("SQL and Amplitude every day at work. Causal inference beyond A/B tests — I'm slowly working through a book on it.", "causal-inference", false)]
    [InlineData("Tarantool и Lua каждый день на работе. Ещё хочу нормально разобраться в Raft-репликации.", "consensus-algorithms", false)]
    [InlineData("Terraform and AWS every day at work. Crossplane: I'd like to try it for the developer-facing part some day.", "crossplane", false)]
    [InlineData("Python и PostgreSQL каждый день на работе. VPN — на работе WireGuard поднимали старшие.", "vpn", false)]
    [InlineData("SQL и dbt каждый день на работе. A/B-тесты считала пару раз на прошлой работе, сейчас этим занимается отдельная команда экспериментов.", "ab-testing", true)]
    [InlineData("Angular и TypeScript каждый день на работе. Хочу когда-нибудь пощупать Svelte.", "svelte", false)]
    // "when … isn't enough" is a condition, "не то же самое" no denial, "правил" a word of use.
    [InlineData("Unity and C# every day at work. Shaders: I write Shader Graph comfortably and can do basic HLSL when Shader Graph isn't enough.", "shaders", true)]
    [InlineData("Spark и Hive каждый день на работе, Trino — для отчётов. MPP-концепции понимаю по аналогии с Impala/Trino, но это, конечно, не то же самое.", "trino", true)]
    [InlineData("Tarantool и Lua каждый день на работе. Nginx-конфиги правил по мелочи (лимиты, таймауты).", "nginx", true)]
    // Others as the doers after a verb of theirs; a hand-over keeps what the candidate made; trying and removing denies.
    [InlineData("Python и FastAPI каждый день на работе. Собираю docker-образ, дальше его подхватывают девопсы и раскатывают в Kubernetes.", "docker", true)]
    [InlineData("Go и 1С каждый день на работе. Vanessa Automation у нас использовали тестировщики для регресса ERP, я сценарии не писал.", "vanessa-automation", false)]
    [InlineData("C и STM32 каждый день на работе. Схемы читаю свободно, но сами платы разводит схемотехник в Altium.", "pcb-design", false)]
    [InlineData("Kubernetes and Terraform every day at work. Istio we tried and removed.", "istio", false)]
    [InlineData("Power BI и DAX каждый день на работе. Сейчас в компании выбирают между Visiology и DataLens.", "datalens", false)]
    // A deployment platform named as where things run is the environment; the candidate running it, or other tools, are theirs.
    [InlineData("Java and Spring every day at work. Production runs on Kubernetes; I just bump image tags in a values file.", "kubernetes", false)]
    [InlineData("PHP и Laravel каждый день на работе. Прод крутится в кубере, его держат девопсы.", "kubernetes", false)]
    [InlineData("Go и PostgreSQL каждый день на работе. Я сам поднимал кластер, и наши сервисы крутятся в Kubernetes, который я администрирую.", "kubernetes", true)]
    [InlineData("PySpark каждый день на работе. Spark-джобы крутятся в Yandex Data Proc, кластеры я поднимаю из Airflow.", "yandex-data-proc", true)]
    // Read about, in the past tense after the skill: known of, not used.
    [InlineData("Django и PostgreSQL каждый день на работе. Про DDD читал Вернона.", "ddd", false)]
    [InlineData("Greenplum и ClickHouse каждый день на работе. Якорное моделирование читала, но не применяла.", "anchor-modeling", false)]
    [InlineData("Python каждый день на работе. Читал логи Kafka в Grafana, когда падали консьюмеры, и сам писал консьюмеры на Kafka и Go.", "kafka", true)]
    [InlineData("Python and PyTorch every day at work. I'm comfortable reading CUDA kernels but haven't written any.", "cuda", false)]
    [InlineData("Elixir every day at work. I maintained a small Erlang gateway; I'm comfortable reading and patching Erlang.", "erlang", true)]
    [InlineData("Python and PyTorch every day at work.\n\nThings in your list I can't claim:\n- LangChain / RAG pipelines: our applied team builds them on top of my checkpoints.", "langchain", false)]
    [InlineData("Сети и Suricata каждый день на работе. Azure знаю только по названию, в GCP не заходил.", "gcp", false)]
    [InlineData("Postman и pytest каждый день на работе. Если в команде стек Java — готова учить, но это будет с нуля.", "java", false)]
    [InlineData("Snowflake and dbt every day at work. Product event data lands in Snowflake via Kafka, but that pipeline is owned by the platform team.", "kafka", false)]
    [InlineData("Snowflake and dbt every day at work. Product event data lands in Snowflake via Kafka, but that pipeline is owned by the platform team.", "snowflake", true)]
    // A third person opening a clause does what it names; an aside of theirs names nothing.
    [InlineData("Lua and Unity every day at work. The analysis is done by our analysts - they write the SQL and run the stats.", "sql", false)]
    [InlineData("SAS and Excel every day at work. The modelling team moved to Python, and they are now experimenting with gradient boosting.", "gradient-boosting", false)]
    [InlineData("Python and LightGBM every day at work. SHAP to explain the forecast to category managers (they always ask why the model wants 40 boxes).", "shap", true)]
    [InlineData("Snowflake and dbt every day at work. Analysts build in Looker; I expose the marts and help with performance.", "looker", false)]
    // "Только X" among the alternatives a question names leaves a sibling used elsewhere; the team before the candidate is not them.
    [InlineData("Q: Опыт в геймдеве?\nA: Unity и C# каждый день на работе, пет-проект тоже на Unity.\n\nQ: Работали ли с мультиплеером? Photon, Mirror?\nA: Только Photon PUN 2.", "unity", true)]
    [InlineData("Swift and SwiftUI every day at work. The team before me used VIPER in one module; I refactored it to MVVM.", "viper-architecture", false)]
    // A skill after "in" that follows a denied object says where that object would be: neither denied nor claimed.
    [InlineData("Rust every day at work on a storage engine. I've never used Diesel or any ORM in Rust.", "orm", false)]
    [InlineData("Terraform and AWS every day at work. CDK: read the docs, didn't like the idea of IaC in TypeScript for our team.", "typescript", false)]
    [InlineData("Java и Spring каждый день на работе. React у нас у фронтенд-команды, я в него не лезу.", "react", false)]
    [InlineData("Python и PostgreSQL каждый день на работе. Деплоимся в кубер, кластер ведут девопсы.", "kubernetes", false)]
    // A name after a number with a magnitude is what is counted.
    [InlineData("Swift and SwiftUI every day at work, on a personal finance app with ~1.2M MAU.", "product-metrics", false)]
    [InlineData("Kotlin и Compose каждый день на работе, приложение банка, 3 млн MAU.", "product-metrics", false)]
    [InlineData("SQL и Python каждый день на работе: считаю DAU, MAU и ARPU по когортам.", "product-metrics", true)]
    // After a "but", a team whose verb points back with a pronoun does what the clause named before it.
    [InlineData("PostgreSQL with Patroni every day at work. Kafka exists in our stack but a separate data-platform team runs it, I only watch consumer lag.", "kafka", false)]
    [InlineData("PostgreSQL with Patroni every day at work. I run Kafka in our stack, but the streaming team is new to it.", "kafka", true)]
    // A denial in a condition says what might not happen; "if I'm honest" is no condition.
    [InlineData("Python and FastAPI every day at work. Generation: OpenAI API with strict citations, and we retry if it doesn't.", "openai-api", true)]
    [InlineData("Python и FastAPI каждый день на работе. PostgreSQL для заказов, если не работает — ретраим.", "postgresql", true)]
    [InlineData("Python and FastAPI every day at work. Kafka: if I'm honest, I have never used it.", "kafka", false)]
    // "that's" points back: another team's claim after a "but" reaches what the sentence named.
    [InlineData("React Native and TypeScript every day at work. Our backend is Node on AWS, but that's the backend team's area.", "aws", false)]
    [InlineData("Vue and Nuxt every day at work. The site runs on Netlify for previews, but that's all set up by the platform team.", "netlify", false)]
    [InlineData("Vue and Nuxt every day at work. I moved our previews to Netlify myself; that's my main hosting tool now.", "netlify", true)]
    // Work done with another team is shared, not theirs.
    [InlineData("Angular and RxJS every day at work. I'm comfortable designing REST APIs with the backend team (OpenAPI specs, generated clients).", "rest-api", true)]
    // "Flask-free" is without it; a reading ability; a plan to bring a tool in; what someone else uses.
    [InlineData("Burp and Python every day at work: small Flask-free HTTP servers for callback catching.", "flask", false)]
    [InlineData("Java and Spring every day at work. Some Kotlin reading ability but no production Kotlin.", "kotlin", false)]
    [InlineData("YOLO и PyTorch каждый день на работе. Версионирования нет — папки с датами, хочу внедрить DVC.", "dvc", false)]
    [InlineData("Kubernetes и MinIO каждый день на работе. Датасеты версионируют сами DS-ы как хотят, кто-то DVC, кто-то префиксы с датой.", "dvc", false)]
    // "X смотрели" considered X; "смотрели NDCG@10" looked at a metric.
    [InlineData("Triton и ONNX каждый день на работе. KServe и Ray Serve смотрели, хотим попробовать KServe для канареечных выкаток.", "ray-serve", false)]
    [InlineData("GitLab CI и Argo CD каждый день на работе. Flux смотрели в 2021, но выбрали Арго.", "flux", false)]
    [InlineData("BERT и PyTorch каждый день на работе. Офлайн смотрели NDCG@10 и recall@100 на отложенной выборке.", "ranking-metrics", true)]
    // "Есть мысль перевезти на ScyllaDB" and "I'd really like to try Avalonia" are wishes.
    [InlineData("Go и PostgreSQL каждый день на работе. Есть мысль перевезти инвентарь на ScyllaDB из-за роста.", "scylladb", false)]
    [InlineData("WPF and C# every day at work. Avalonia I'd really like to try for a future Linux version.", "avalonia", false)]
    // A denial that opens what a dash says of a label is said of the label; a short "only read" keeps its own object.
    [InlineData("React и Vite каждый день на работе. Next.js — только туториал проходил, в проде SSR у нас не было.", "nextjs", false)]
    [InlineData("Postgres — основная база, пишу чистый SQL каждый день. ClickHouse — только читаю витрины аналитиков.", "clickhouse", true)]
    [InlineData("Swift и SwiftUI каждый день на работе. Flutter — нет, на Dart ни строчки не написал.", "dart", false)]
    [InlineData("Vue 3 and Pinia at work every day. I never used Vuetify in production; looked at Quasar once for a hybrid app idea, didn't go anywhere.", "quasar", false)]
    // Under a heading of gaps a dash labels a line too; "who run …" after a team is the team's work; "mostly theory" hedges.
    [InlineData("React и Redux каждый день на работе.\n\nЧЕГО Я НЕ УМЕЮ (пока)\n- Docker — знаю, что он есть :) В планах после TypeScript.", "docker", false)]
    [InlineData("HashiCorp Vault, Trivy and GitLab CI at work every day.\n\nWHAT I DON'T DO (to save us both time)\n- SIEM is owned by the SOC team, who run Splunk. I send them our audit logs.", "splunk", false)]
    // Reading others' code is knowing without using; "separate team … not my code" is others' work.
    [InlineData("Python — основной, numpy и pandas каждый день. C++ — читала чужой код в OpenCV, сама не писала.", "cpp", false)]
    [InlineData("Angular and RxJS every day at work.\n- Backend = .NET, separate team. I consume their OpenAPI specs. Not my code.", "dotnet", false)]
    // Another team's clusters, a freelancer's front end, what came up in a discussion, what the candidate did not catch.
    [InlineData("Rust with tokio and axum at work every day. From there the platform team takes over: they run the Kubernetes clusters and the Argo CD setup.", "argo-cd", false)]
    [InlineData("Laravel и PHP каждый день на работе. Фронт каталога делал фрилансер на React, с ним общались через REST API.", "react", false)]
    [InlineData("Rust with tokio and sqlx at work every day. SeaORM came up in a discussion once, nobody pushed for it.", "sea-orm", false)]
    [InlineData("Amplitude и SQL каждый день. В компании был проект покупки Tableau, но его свернули, так что Tableau я не застала.", "tableau", false)]
    [InlineData("Angular and RxJS every day at work at a bank, NgRx too.\n\nINTERESTED IN\n- Svelte (side curiosity, nothing built)", "svelte", false)]
    // A skill after a preposition is where the work goes, not who does it; "don't have to" is no denial.
    [InlineData("Нагрузку даю JMeter и k6. Генераторы пишут метрики в InfluxDB, дашборды в Grafana.", "influxdb", true)]
    [InlineData("Manual QA at a fintech: I write test cases and report bugs in Jira. Developers told me my bug reports are the ones they don't have to ask questions about.", "bug-reporting", true)]
    // "никаких AWS/GCP" denies what follows ("никаких проблем с Kafka" does not); "I wouldn't call that knowing C#".
    [InlineData("Ansible и Proxmox каждый день на работе. Из облаков — никаких AWS/GCP, только своё железо.", "aws", false)]
    [InlineData("Kafka Streams и ClickHouse каждый день на работе. С Kafka никаких проблем не было.", "kafka", true)]
    [InlineData("C++ and Unreal Engine at work every day. C#: only the .Build.cs module rules, I wouldn't call that knowing C#.", "csharp", false)]
    // A name after "at" is the employer's even in title case; "What are you NOT experienced with?" heads a list of gaps.
    [InlineData("Senior SRE at Falcon Payments. Prometheus, Thanos and Kubernetes every day.", "falcon", false)]
    [InlineData("**1. About you**\nC and Yocto every day at work.\n\n**9. What are you NOT experienced with?**\nFunctional safety and AWS.", "aws", false)]
    // "outside your current experience" heads gaps; "no real experience with it" denies.
    [InlineData("**1. About you**\nSwift and SwiftUI every day at work.\n\n**9. Which areas are outside your current experience?**\nCore ML and on-device machine learning: I have only read Apple's documentation.", "coreml", false)]
    // What the job ad lists is the employer's wording, not the candidate's; a dash label keeps what follows ("не в проде").
    [InlineData("Vue and Node.js at work every day.\n\nYour ad lists \"Angular, GraphQL, Docker, Kubernetes - nice to have\", so to be straight with you: Docker daily.", "kubernetes", false)]
    [InlineData("Python и Django каждый день на работе. Docker — не в проде, только локально.", "docker", true)]
    public void Relative_clauses_labels_and_gaps_found_unseen_say_what_is_denied(string text, string skill, bool kept)
    {
        Assert.Equal(kept, NamesAsMentioned(Questionnaire.Markdown(text), skill));
    }

    [Theory]
    // Under a heading of gaps, what a line goes on to name is claimed only where it says whose it is or follows a "but".
    [InlineData("What do you use every day?\nR and brms every day at work.\n\nWHAT I HAVE NOT DONE\n- Cloud: the data platform runs on AWS, but the data engineering team owns it; I never provisioned anything there myself.", "aws", false)]
    [InlineData("Что используете каждый день?\nPython и CatBoost каждый день на работе.\n\nЧего не делали?\n- Управление людьми — нет, но менторю двух джунов.", "mentoring", true)]
    [InlineData("What do you use every day?\nKubernetes and Terraform every day at work.\n\nWhat is your biggest gap right now?\nDeep Linux internals. I am comfortable with systemd, reading iptables rules, but eBPF I have only read about.", "firewalls", true)]
    // A dated job after a label of gaps is a job, not a gap.
    [InlineData("CURRENT ROLE - Backend Engineer (2021 - now)\nGo and PostgreSQL every day.\n\nWHAT I HAVE NOT DONE\n- Terraform: never touched it\n\nPREVIOUS - PHP Developer, web agency (2017 - 2020)\nSymfony, MySQL, some jQuery on the frontend.", "mysql", true)]
    public void Under_a_heading_of_gaps_what_a_line_goes_on_to_name_is_claimed_only_where_it_says_whose(string text, string skill, bool kept)
    {
        Assert.Equal(kept, NamesAsMentioned(Questionnaire.Text(text), skill));
    }

    [Fact]
    public void In_plain_text_a_short_line_above_bullets_is_their_heading()
    {
        // "Where I'm honest about limits" is a heading of gaps: the line's label is what the candidate lacks.
        const string text = "Databricks, PySpark and Delta Lake at work every day.\n\nWhere I'm honest about limits\n\n"
            + "- Power BI: I build the gold tables it reads; the reports belong to the BI team.";
        Assert.False(NamesAsMentioned(Questionnaire.Text(text), "power-bi"));
        Assert.True(NamesAsMentioned(Questionnaire.Text(text), "databricks"));
    }

    /// <summary>Whether the profile extracted from <paramref name="q"/> has <paramref name="skill"/> as a mentioned skill.</summary>
    [Theory]
    // How little: "пару раз", "a couple of times", "по инструкции" (next to nothing) cap what they speak of.
    [InlineData("Airflow и Spark каждый день на работе. Terraform пару раз применял для своих бакетов.", "terraform", 0.3)]
    [InlineData("Airflow and Spark every day at work. I ran Terraform a couple of times for our buckets.", "terraform", 0.3)]
    [InlineData("Airflow и Spark каждый день на работе. kubectl запускал по инструкции.", "kubernetes", 0.2)]
    public void Words_of_how_little_cap_the_level(string text, string skill, double cap)
    {
        var s = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!.Skills.Single(x => x.SkillId == skill);
        Assert.Equal(SkillSource.Mentioned, s.Source);
        Assert.True(s.Level <= cap, $"{skill} at {s.Level}, above {cap}");
    }

    private static bool NamesAsMentioned(Questionnaire q, string skill) =>
        RealTaxonomy.Extractor.Extract(q, "auto").Profile!.Skills.Any(s => s.SkillId == skill && s.Source == SkillSource.Mentioned);
}
