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
    [InlineData("Data quality: around 600 expectations in Great Expectations across 120 Snowflake tables.", "great-expectations", true)]
    [InlineData("Tell us about your experience with Great Expectations and dbt tests.", "great-expectations", true)]
    [InlineData("We had great expectations for the new release, our product manager said.", "great-expectations", false)]
    [InlineData("Kotlin every day at work; we migrated the app from XML layouts and Fragments to Jetpack Compose.", "xml-technologies", false)]
    [InlineData("Интеграции банка шли через SOAP-сервисы и XML-сообщения, разбирала XSD.", "xml-technologies", true)]
    [InlineData("Grafana dashboards for p99 latency, rejected bulk requests and heap pressure, built in Python.", "python-requests", false)]
    [InlineData("BM25 k1/b per field in Elasticsearch (titles and descriptions behave completely differently).", "python-behave", false)]
    [InlineData("API tests in Python: pytest + requests, behave for the BDD scenarios.", "python-requests", true)]
    [InlineData("Platform team of four: we give a dozen product teams a paved road of AWS accounts, EKS clusters and CI templates.", "platform-engineering", true)]
    [InlineData("Unreal C++ every day: property replication, RPCs, client-side prediction for movement.", "multiplayer-netcode", true)]
    [InlineData("Сейчас почти всё время — автоматизация API на pytest и немного нагрузка.", "api-testing", true)]
    [InlineData("1С:ERP каждый день: СКД, язык запросов — уверенно, оптимизировал тяжёлые запросы.", "one-c-query-language", true)]
    [InlineData("Lambda handlers in Node 20 with TypeScript, deployed through Terraform.", "nodejs", true)]
    [InlineData("Kubernetes on EKS; Node provisioning is Karpenter, node groups per team.", "nodejs", false)]
    [InlineData("Скоринг на Python, данные о контрагентах берём из СПАРК и БКИ.", "apache-spark", false)]
    [InlineData("Фичи для оффлайна считаем на Спарке, выгрузки из спарка в ClickHouse.", "apache-spark", true)]
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
    // Unseen-corpus gaps: 1C.
    [InlineData("Обслуживала клиентов на УТ 11 и Бухгалтерии 3.0, пара внедрений УНФ.", "one-c-trade-management", true)]
    [InlineData("Обслуживала клиентов на УТ 11 и Бухгалтерии 3.0, пара внедрений УНФ.", "one-c-unf", true)]
    [InlineData("Дорабатывал Управление торговлей и ERP, отчёты на СКД, обмены через EnterpriseData.", "one-c-trade-management", true)]
    [InlineData("Все доработки в ERP делаю расширениями, конфигурацию с поддержки не снимаю.", "one-c-extensions", true)]
    [InlineData("Смотрю план в pgAdmin, когда 1С-ный запрос тормозит; пакетные запросы и временные таблицы.", "one-c-query-language", true)]
    [InlineData("Перенос остатков и НСИ при переходе с УПП на ERP.", "data-migration", true)]
    [InlineData("Ускорил проведение: убрал запросы в цикле, время упало в 5 раз.", "query-optimization", true)]
    [InlineData("Сбор требований, ТЗ, обучение пользователей 1С.", "teaching", true)]
    // Databases and backend.
    [InlineData("Разбирал EXPLAIN ANALYZE, добавил составные индексы в PostgreSQL.", "indexing", true)]
    [InlineData("We added composite indexes and covering indexes after reading the query plans.", "indexing", true)]
    [InlineData("Переписал кастомные миграции при обновлении Django.", "database-migrations", true)]
    [InlineData("Set up row-level access in Superset so country managers only see their country.", "row-level-security", true)]
    [InlineData("Kafka для событий между сервисами, outbox в PostgreSQL.", "event-driven-architecture", true)]
    [InlineData("Kafka for payment events with a transactional outbox, plus a saga for refunds.", "saga-pattern", true)]
    [InlineData("Распределённые транзакции: сага (оркестрация) и transactional outbox.", "saga-pattern", true)]
    [InlineData("Целая сага с переездом офиса, но это к делу не относится.", "saga-pattern", false)]
    [InlineData("Prometheus metrics, Grafana dashboards, structured logs with zap.", "uber-zap", true)]
    [InlineData("DAST: Burp Suite and ZAP against the staging API.", "uber-zap", false)]
    [InlineData("Redis для идемпотентности и rate limit на API-шлюзе.", "rate-limiting", true)]
    [InlineData("Laravel 10, зависимости в composer, MySQL 8.", "php-composer", true)]
    [InlineData("Интеграции с СДЭК и ЮKassa, очереди на Redis.", "payment-integration", true)]
    [InlineData("Unity IAP for purchases, AppsFlyer for attribution.", "payment-integration", true)]
    [InlineData("Kotlin (корутины), Spring Boot, PostgreSQL.", "kotlin-coroutines", true)]
    [InlineData("MVVM, Hilt, Coroutines and Flow everywhere in new code.", "kotlin-coroutines", true)]
    [InlineData("В Unity заменили корутины в Unity на UniTask.", "kotlin-coroutines", false)]
    [InlineData("C++20 coroutines for the network layer, Boost.Asio underneath.", "kotlin-coroutines", false)]
    [InlineData("Архитектурные решения фиксируем в ADR, для новых сервисов рисую схемы по C4.", "c4-model", true)]
    [InlineData("Heavy template work in C++: policy-based design, CRTP, constexpr everything.", "template-metaprogramming", true)]
    [InlineData("Profiling with perf c2c and Intel VTune on RHEL.", "performance-profiling", true)]
    [InlineData("C99 under MISRA C, checked with PC-lint.", "static-code-analysis", true)]
    [InlineData("CI on GitHub Actions: lint, detekt, unit tests.", "static-code-analysis", true)]
    [InlineData("I run the systems design interview loop, about 40 interviews a year.", "system-design", true)]
    [InlineData("I own the gateway architecture and lead a group of 7 engineers.", "team-leadership", true)]
    // DevOps, security, infrastructure.
    [InlineData("Логи смотрю в кибане, дашборды в графане.", "kibana", true)]
    [InlineData("Логи смотрю в кибане, дашборды в графане.", "grafana", true)]
    [InlineData("A bit of Glue (crawlers and a couple of jobs), Athena over S3.", "aws-glue", true)]
    [InlineData("Python for Airflow, Bash for glue scripts.", "aws-glue", false)]
    [InlineData("Windows Server, AD, групповые политики, DNS, DHCP.", "active-directory", true)]
    [InlineData("Nginx и HAProxy (+keepalived) — балансировка на входе в ЦОД.", "load-balancing", true)]
    [InlineData("Nginx и HAProxy (+keepalived) — балансировка на входе в ЦОД.", "high-availability", true)]
    [InlineData("Балансировка классов через class_weight в CatBoost.", "load-balancing", false)]
    [InlineData("nmap, Metasploit, Impacket, Kerberoasting and AS-REP roasting.", "kerberos", true)]
    [InlineData("Burp Suite, sqlmap, nmap. Work from Kali.", "kali-linux", true)]
    [InlineData("Red team exercise with Cobalt Strike: phishing, physical access, internal network.", "social-engineering", true)]
    [InlineData("Built a phishing detection model with CatBoost for the bank's SOC.", "social-engineering", false)]
    [InlineData("Kubernetes admission policies in Kyverno: no privileged pods.", "policy-as-code", true)]
    [InlineData("Vector как агент на нодах, дальше Loki и Grafana.", "vector-log-router", true)]
    [InlineData("Vector representations from BERT, stored in Qdrant.", "vector-log-router", false)]
    [InlineData("Раз в квартал — учения по DR с переключением на резервный ЦОД.", "disaster-recovery", true)]
    // Analytics and product.
    [InlineData("DataLens: воронка по каналам и когорты по неделям.", "funnel-analysis", true)]
    [InlineData("DataLens: воронка по каналам и когорты по неделям.", "cohort-analysis", true)]
    [InlineData("SQL in BigQuery for most questions: funnels, conversion by cohort, approval rates.", "funnel-analysis", true)]
    [InlineData("SQL in BigQuery for most questions: funnels, conversion by cohort, approval rates.", "cohort-analysis", true)]
    [InlineData("Конверсию по шагам воронки считаю в ClickHouse.", "funnel-analysis", true)]
    [InlineData("Own the roadmap for the lending funnel; we prioritise with RICE scoring in Jira.", "roadmapping", true)]
    [InlineData("Discovery: I run JTBD interviews and write the PRDs.", "technical-specifications", true)]
    [InlineData("Deploy to dev, stg and PRD from GitLab CI.", "technical-specifications", false)]
    [InlineData("I co-own the P&L view of the product with finance.", "budget-management", true)]
    [InlineData("Выясняю требования: интервью со стейкхолдерами, BPMN, юзер стори.", "stakeholder-management", true)]
    [InlineData("Скрам, груминг, планирование, оцениваю задачи аналитики.", "effort-estimation", true)]
    // Leadership.
    [InlineData("Тимлид: найм, 1:1, performance review, онбординг.", "employee-onboarding", true)]
    [InlineData("Нас трое девопсов, я старший: распределяю задачи, онбордю новых.", "employee-onboarding", true)]
    [InlineData("Переделали онбординг пользователей в приложении, конверсия выросла, считали в Amplitude.", "employee-onboarding", false)]
    [InlineData("I do code reviews for the client developers and onboard newcomers.", "employee-onboarding", true)]
    [InlineData("I hire, run 1:1s, and still write code.", "hiring", true)]
    [InlineData("I give an internal tech talk every quarter.", "public-speaking", true)]
    // Games, mobile, graphics.
    [InlineData("Moved content to Addressables, Unity Profiler for memory.", "unity-addressables", true)]
    [InlineData("Shader Graph in URP: dissolve effects, outlines.", "unity-urp", true)]
    [InlineData("Firebase (Analytics, Remote Config, Crashlytics).", "firebase-crashlytics", true)]
    [InlineData("Авторизация — OAuth2 + Face ID, токены в Keychain.", "ios-keychain", true)]
    [InlineData("UniTask for async flows, UniRx streams in older screens.", "reactive-programming", true)]
    [InlineData("In-house engine: renderer on DirectX 9; I was an engine programmer.", "game-development", true)]
    [InlineData("State with BLoC, REST API with Dio.", "flutter-bloc", true)]
    [InlineData("Second app on Riverpod, Flutter 3.", "riverpod", true)]
    [InlineData("Offline schedule cached in a local Hive box, later SQLite.", "hive-flutter", true)]
    [InlineData("Offline schedule cached in a local Hive box, later SQLite.", "hive", false)]
    [InlineData("Findings flow into DefectDojo with SLAs per severity.", "defectdojo", true)]
    [InlineData("Event storming workshops with the business, then DDD bounded contexts.", "event-storming", true)]
    [InlineData("Дашборды как код через Jsonnet (grafonnet).", "jsonnet", true)]
    [InlineData("Драйверы на STM32 HAL, потом переписал на LL.", "stm32-hal", true)]
    // Traps: a word that is another product or an ordinary word.
    [InlineData("The old Jenkins box had its Groovy pipelines and nobody wanted to touch them.", "groovy", false)]
    [InlineData("Outside of work I play way too much Rust with friends.", "rust", false)]
    [InlineData("Обмен с сайтом делал наш 1С-ник, я только отдавал формат.", "one-c", false)]
    [InlineData("Chunking by document structure rather than fixed windows, embeddings with bge-m3.", "windows", false)]
    [InlineData("Admin of Windows and Linux hosts, PowerShell scripts.", "windows", true)]
    [InlineData("I tune Snowflake models when the bill spikes: clustering keys, fewer full refreshes.", "clustering", false)]
    [InlineData("Customer segmentation with k-means clustering in scikit-learn.", "clustering", true)]
    [InlineData("Отчёты для сети ТЦ «Юпитер»: выручка по арендаторам, трафик.", "jupyter", false)]
    [InlineData("Анализ в юпитер ноутбуках на pandas.", "jupyter", true)]
    [InlineData("Superset я предлагала, но служба безопасности пока не согласовала.", "information-security", false)]
    [InlineData("Отвечаю за информационную безопасность и безопасность веб-приложений.", "information-security", true)]
    // A performance word is not an ML one, a protocol parser is no scraper, a CPU cache is no application cache.
    [InlineData("Rust каждый день: sysctl-тюнинг сетевого стека под высокий PPS.", "fine-tuning", false)]
    [InlineData("Дообучение LLM через LoRA на своих данных.", "fine-tuning", true)]
    [InlineData("Rust: парсинг HTTP/1.1 и HTTP/2 заголовков без аллокаций.", "web-scraping", false)]
    [InlineData("Rust: парсинг HTTP/1.1 и HTTP/2 заголовков без аллокаций.", "one-on-ones", false)]
    [InlineData("Пет-проект: парсер цен конкурентов на Python и Scrapy.", "web-scraping", true)]
    [InlineData("Раньше был парсинг сайтов конкурентов на Python.", "web-scraping", true)]
    [InlineData("Rust и perf: смотрю кэш-промахи через perf stat.", "caching", false)]
    [InlineData("Redis как кэш для сессий и ответов каталога.", "caching", true)]
    [InlineData("C++ hot path: fewer cache misses, data laid out by cache line.", "caching", false)]
    [InlineData("Rust и criterion: я только смотрю графики бенчмарков и разбираю регрессии.", "regression", false)]
    [InlineData("Задачи регрессии и классификации на табличных данных в sklearn.", "regression", true)]
    [InlineData("Unreal C++: a tweak to the replication graph for dense co-op arenas.", "replication", false)]
    [InlineData("PostgreSQL streaming replication and Patroni failover.", "replication", true)]
    [InlineData("Splunk queries, then I grep auth.log and the running processes.", "authentication", false)]
    [InlineData("Our ERP is Oracle NetSuite; reports are in Power BI.", "oracle-database", false)]
    [InlineData("Regular 1:1s with every engineer on the team.", "one-on-ones", true)]
    [InlineData("Сайт на Битриксе для завода, который производит рельсы и крепёж для ЖД.", "ruby-on-rails", false)]
    [InlineData("Бэкенд на рельсах: Ruby, Sidekiq, PostgreSQL, RSpec.", "ruby-on-rails", true)]
    // Ordinary words and phrases that share a tool's name.
    [InlineData("Vue 3 и Nuxt: семантическая разметка, доступность, Lighthouse 95+.", "data-labeling", false)]
    [InlineData("Разметка данных в Label Studio для детекции дефектов.", "data-labeling", true)]
    [InlineData("Vue 3 и TypeScript: фильтры, экспорт в xlsx, виртуальный скролл.", "excel", false)]
    [InlineData("dbt and Snowflake: I went in with great expectations of a quick fix.", "great-expectations", false)]
    [InlineData("Data quality checks in Great Expectations on every mart.", "great-expectations", true)]
    [InlineData("Python and Hugging Face daily. The spark that got me into NLP was a linguistics course.", "apache-spark", false)]
    [InlineData("Kotlin and Jetpack Compose: Compose testing APIs for new screens, Room for improvement in coverage.", "docker-compose", false)]
    [InlineData("Kotlin and Jetpack Compose: Compose testing APIs for new screens, Room for improvement in coverage.", "android-room", false)]
    [InlineData("Linux and Ansible now; before IT I was a chef at the Grand Hotel Riga.", "chef", false)]
    [InlineData("Kubernetes и Terraform. Из плюсов текущего места — сильная команда, из минусов — мало роста.", "cpp", false)]
    [InlineData("Node.js and Vitest: only half in jest, I write more test code than production code.", "jest", false)]
    [InlineData("Kubernetes и Prometheus. Курс «SRE практики» от Слёрма в 2022.", "slurm", false)]
    [InlineData("Node.js and NestJS. GraphQL — so far none; I've only sat through conference talks about it.", "public-speaking", false)]
    [InlineData("I gave two conference talks on idempotent payment jobs.", "public-speaking", true)]
    [InlineData("The battle simulation runs on LeoECS Lite; I wrote most of the systems.", "entity-component-system", true)]
    [InlineData("Gameplay programmer: C++ in Unreal, UE4 and UE5, replication and GAS.", "unreal-engine", true)]
    [InlineData("PostgreSQL mostly: schema design, indexes, reading query plans, Liquibase migrations.", "indexing", true)]
    [InlineData("Python and Elasticsearch: I rebuilt the search indexes for the catalogue.", "indexing", false)]
    [InlineData("Go and Aerospike: the bidder receives OpenRTB bid requests and answers in under 80 ms.", "python-requests", false)]
    [InlineData("SwiftUI and Core Data: offline-first workout logging, full VoiceOver labelling.", "logging", false)]
    [InlineData("SwiftUI and Core Data: offline-first workout logging, full VoiceOver labelling.", "data-labeling", false)]
    [InlineData("Django and React: an order portal for a children's storybook publisher, built with attention to accessibility.", "storybook", false)]
    [InlineData("Django and React: an order portal for a children's storybook publisher, built with attention to accessibility.", "attention-mechanism", false)]
    [InlineData("Python and scikit-learn at the bootcamp. My mentor on the course reviewed every notebook.", "mentoring", false)]
    [InlineData("Whisper и PyTorch каждый день. Промпты оценивали вместе с Лорой из NLP-команды.", "lora", false)]
    [InlineData("Unity Test Framework и Jira. Включить дебаг-меню и проверить баланс — рутина.", "debugging", false)]
    [InlineData("1С:ERP, BPMN. ТЗ: макеты форм, алгоритмы расчёта скидок, права.", "algorithms-data-structures", false)]
    // Spellings the unseen questionnaires use.
    [InlineData("Postgres: EXPLAIN, adding indexes, fixing N+1 queries with select_related.", "query-optimization", true)]
    [InlineData("Модели сервим через сервис на FastAPI, который я и написал.", "model-serving", true)]
    [InlineData("Ещё распиливал legacy-монолит на .NET Framework на сервисы.", "legacy-modernization", true)]
    [InlineData("Kafka for limit events; we used the transactional outbox pattern to avoid losing events.", "transactional-outbox", true)]
    [InlineData("CI-пайплайны в GitLab для тестов и линтеров пишем сами.", "gitlab-ci", true)]
    [InlineData("Java и Kafka: разбирался с GC-паузами на G1, когда у нас p99 уезжал за 800 мс.", "jvm-tuning", true)]
    [InlineData("PyTorch, torchaudio, librosa для быстрых экспериментов в ноутбуках.", "jupyter", true)]
    [InlineData("Swift and Core Data: I found the threading bug using Instruments and the Core Data debug flag.", "performance-profiling", true)]
    [InlineData("The orchestra's instruments were tuned before the concert.", "performance-profiling", false)]
    [InlineData("Unit tests for view models and a small XCUITest suite of 25 smoke tests.", "xcuitest", true)]
    [InlineData("Django and React for two client projects at once, talking directly to clients.", "client-communication", true)]
    [InlineData("Before that the app used Redux with sagas; I removed most of it.", "redux-saga", true)]
    [InlineData("Юнит-тесты на всё, что парсит, плюс property-based тесты на proptest для парсеров.", "property-based-testing", true)]
    [InlineData("Собираем всё в GitLab CI: cargo clippy, тесты, фаззинг через cargo-fuzz.", "cargo", true)]
    [InlineData("Собираем всё в GitLab CI: cargo clippy, тесты, фаззинг через cargo-fuzz.", "static-code-analysis", true)]
    [InlineData("C++ and Unreal: I review designers' Blueprints and clean up their Blueprint graphs.", "unreal-blueprints", true)]
    [InlineData("Our PM owns the roadmap; I do the estimation for backend tickets.", "effort-estimation", true)]
    [InlineData("Отвечаю за аналитику чекаута: считаю воронки и когорты удержания в ClickHouse.", "funnel-analysis", true)]
    [InlineData("В основном постгря: индексы, EXPLAIN ANALYZE, транзакции и блокировки.", "transactions", true)]
    [InlineData("Go каждый день: pgx напрямую, миграции через goose.", "database-migrations", true)]
    [InlineData("Oracle 12c: писал PL/SQL процедуры для отчётности.", "stored-procedures", true)]
    [InlineData("Scala и Spark: потоковой обработкой не занимался, у нас всё батчами раз в час.", "batch-processing", true)]
    [InlineData("PostgreSQL и pgBackRest: раз в месяц тестовое восстановление на отдельном стенде.", "disaster-recovery", true)]
    [InlineData("Databricks: last year I moved our biggest fact tables from Z-ORDER to liquid clustering.", "clustering", false)]
    [InlineData("Tests are marked smoke / regression / slow and run in parallel with pytest-xdist.", "regression", false)]
    [InlineData("I wrote one Locust script for the card-tokenization endpoint.", "tokenization", false)]
    [InlineData("Postgres: extended statistics на пару столбцов и переписанный запрос.", "statistics", false)]
    [InlineData("Game analytics: retention D1/D7/D30 by install cohort.", "bitrix-d7", false)]
    [InlineData("I'm the only analyst embedded in the team behind a merge game.", "embedded-systems", false)]
    [InlineData("SQL and Python: payer conversion +4.1% (CI excluded zero).", "ci-cd", false)]
    [InlineData("Семантический поиск: делала лайтнинг-толк на 10 минут на митапе.", "pytorch-lightning", false)]
    [InlineData("Salesforce: the UI was Lightning Web Components in plain JavaScript.", "pytorch-lightning", false)]
    [InlineData("Поиск: Bi-encoder на основе multilingual-e5-base.", "bi", false)]
    [InlineData("Yocto: clean CI builds from 3 hours to 25 minutes with an on-prem sstate-cache.", "caching", false)]
    [InlineData("Symfony: если p99 упрётся в бутстрап фреймворка, посмотрим на RoadRunner.", "statistical-bootstrap", false)]
    [InlineData("Gameplay C++ in Unreal; I write unit-level tests for damage formulas.", "unit-testing", true)]
    [InlineData("The view from the office was unreal, but the work was all Python and Django.", "unreal-engine", false)]
    // Unity DOTS is one ECS: denying it leaves the candidate's own.
    [InlineData("I've watched talks on Unity DOTS, but we have our own ECS setup and I never used DOTS in production.", "unity-dots", false)]
    // A funnel in any case, Parquet in Russian slang, an Oracle RAC cluster; flooring and a rack are neither.
    [InlineData("SQL и ClickHouse: считаю DAU/MAU, retention и конверсии по воронке заказа.", "funnel-analysis", true)]
    [InlineData("Мы переехали в новый офис, на кухне поставили воронку для кофе.", "funnel-analysis", false)]
    [InlineData("PySpark и Airflow: сырой слой лежит в HDFS в паркете, поверх Hive-таблицы.", "parquet", true)]
    [InlineData("Сделали ремонт: в гостиной теперь паркет, а не ламинат.", "parquet", false)]
    [InlineData("Oracle DBA: a 4-node RAC cluster on ASM with a Data Guard standby.", "oracle-rac", true)]
    [InlineData("Network engineer: racked and cabled the new servers in the data center.", "oracle-rac", false)]
    // Database indexes in a list of database words, not a vector index or Excel's ИНДЕКС; people onboarded and mentored.
    [InlineData("PostgreSQL — основная: проектирование схем, индексы, блокировки, EXPLAIN ANALYZE.", "indexing", true)]
    [InlineData("Faiss — IVF-PQ индекс примерно на 50 млн векторов, в проде.", "indexing", false)]
    [InlineData("Excel: ВПР, ИНДЕКС и ПОИСКПОЗ, сводные таблицы, Power Query.", "indexing", false)]
    [InlineData("Go and Postgres at work. I do code reviews for the whole backend team and onboarded the last two hires.", "employee-onboarding", true)]
    [InlineData("Market data in C++ at work.\n\nChess and running. Swift to pick up new protocol specs; I've onboarded five venues in the last three years.", "swift", false)]
    [InlineData("When I joined, I was onboarded by the platform team in two weeks; Go and Postgres since.", "employee-onboarding", false)]
    [InlineData("Android and Kotlin at work. Mentored two juniors; I review most PRs on the Android side.", "mentoring", true)]
    [InlineData("Android and Kotlin at work. I was mentored by a senior engineer in my first year.", "mentoring", false)]
    [InlineData("Java и Spring каждый день. Двоих мидлов довёл до сеньоров, ИПР для джунов.", "mentoring", true)]
    [InlineData("Oracle and PostgreSQL at work. Mentor 3 junior DBAs; wrote the runbooks for failover and DR.", "technical-writing", true)]
    [InlineData("Сервисы на Kubernetes: пишу README и runbook'и к каждому, на дежурстве не паникую.", "technical-writing", true)]
    [InlineData("Elixir and Phoenix at work. I organise the Lisbon Elixir meetup and have given two talks there, one on Broadway back-pressure.", "public-speaking", true)]
    [InlineData("Продуктовая аналитика, A/B-тесты на SQL и Python. Выступала на Matemarketing про A/B-тесты в e-com.", "public-speaking", true)]
    // Go's migration tools; the bird is not one.
    [InlineData("PostgreSQL основная: драйвер pgx, миграции goose, Redis для сессий.", "goose-migrations", true)]
    [InlineData("Go and Postgres at work; schema changes go through golang-migrate in CI.", "golang-migrate", true)]
    [InlineData("Go and Postgres at work. On weekends I go birdwatching: last month a Canada goose nested by our lake.", "goose-migrations", false)]
    [InlineData("Django и DRF каждый день: модели, джанговские миграции, сериализаторы, Celery для фоновых задач.", "database-migrations", true)]
    // boto3 is a Python library, used with any S3-compatible storage: it names no AWS account.
    [InlineData("Python и MLflow каждый день: Object Storage Яндекса через boto3 с их эндпоинтом, в сам AWS я никогда не ходила.", "aws", false)]
    [InlineData("Python и MLflow каждый день: Object Storage Яндекса через boto3 с их эндпоинтом, в сам AWS я никогда не ходила.", "boto3", true)]
    [InlineData("Laravel и PostgreSQL каждый день. Управление командой: за год нанял троих, провожу техсобесы.", "hiring", true)]
    // The umbrella of human languages, by its own name.
    [InlineData("Python и SQL каждый день. Знание иностранных языков: английский B2, немецкий A2.", "foreign-languages", true)]
    public void New_spellings_and_traps_read_as_a_recruiter_would(string text, string skill, bool expected) =>
        Assert.Equal(expected, Mentions(text, skill));

    [Theory]
    // A framework or a tool that exists to build, call, describe or test REST APIs implies them.
    [InlineData("Python every day at work: I own the loan-origination API, FastAPI services behind a gateway.")]
    [InlineData("Android and Kotlin every day at work; networking is Retrofit + kotlinx.serialization.")]
    [InlineData("Java QA every day at work: API tests on REST Assured and JUnit 5.")]
    [InlineData("Go every day at work; we write the OpenAPI spec first and generate the handlers.")]
    public void Rest_api_frameworks_imply_rest_apis(string text)
    {
        var profile = RealTaxonomy.Extractor.Extract(Questionnaire.Text(text), "auto").Profile!;
        Assert.Contains(profile.Skills, s => s.SkillId == "rest-api");
    }
}
