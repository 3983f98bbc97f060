#include "HistorySample.h"

#include "conversation/ConversationKey.h"
#include "storage/Database.h"
#include "storage/Store.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 Day = 24 * 60 * 60 * 1000;

const QStringList &chineseWords()
{
    static const QStringList words =
        u"部署 服务器 数据库 报错 怎么 如何 配置 钉钉 机器人 模型 接口 请求 超时 重试 日志 用户 "
        "权限 文件 上传 下载 测试 发布 版本 更新 问题 解决 方案 性能 内存 缓存 查询 索引 表格 代码 "
        "函数 变量 参数 返回 结果 错误 异常 网络 代理 证书 密钥 令牌 会议 周报 总结 翻译 邮件 客户 "
        "合同 报价 订单 库存 财务 预算 项目 进度 计划 需求 设计 评审 上线 回滚 监控 告警 容器 集群"_s
            .split(u' ');
    return words;
}

const QStringList &englishWords()
{
    static const QStringList words =
        u"deploy server database error how to configure robot model api request timeout retry "
        "log user permission file upload download test release version update issue fix plan "
        "performance memory cache query index table code function variable parameter return "
        "result exception network proxy certificate token meeting report summary translate "
        "email customer contract quote order stock finance budget project schedule requirement "
        "design review kubernetes postgres nginx docker python javascript rust golang latency "
        "throughput rollback monitoring alert container cluster"_s.split(u' ');
    return words;
}

// Random but plausible text: mostly Chinese or English by conversation, now and then a
// code block, and a rare character so that short queries meet common and rare words.
QString text(QRandomGenerator &random, bool chinese, int words)
{
    QString out;
    const QStringList &pool = chinese ? chineseWords() : englishWords();
    for (int i = 0; i < words; ++i) {
        if (chinese) {
            out += pool.at(random.bounded(int(pool.size())));
            const int r = random.bounded(10);
            if (r == 0)
                out += u'，';
            else if (r == 1)
                out += u'的';
            else if (r == 2) // any common CJK character: a large, realistic trigram vocabulary
                out += QChar(char16_t(0x4E00 + random.bounded(3000)));
        } else {
            if (i)
                out += u' ';
            out += pool.at(random.bounded(int(pool.size())));
        }
    }
    if (random.bounded(20) == 0)
        out += u"\n\n```bash\nkubectl rollout status deploy/app-%1\n```"_s.arg(random.bounded(100));
    return out;
}
} // namespace

bool HistorySample::generate(Database &db, qint64 messages, int conversations, QString *error)
{
    QSqlDatabase handle = db.handle();
    QRandomGenerator random(42);
    const qint64 end = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = end - 365 * Day;
    const auto fail = [&](const QSqlQuery &q) {
        *error = q.lastError().text();
        handle.rollback();
        return false;
    };
    // A one-off bulk load: no fsync, and a cache that holds the indexes being built (this
    // runs in a process of its own, so its memory is not the window's).
    QSqlQuery(handle).exec(u"PRAGMA synchronous=OFF"_s);
    QSqlQuery(handle).exec(u"PRAGMA cache_size=-1000000"_s);
    handle.transaction();
    QSqlQuery conv(handle);
    conv.prepare(u"INSERT INTO conversations (id, robot_id, conv_key, dingtalk_conversation_id, "
                 "is_group, title, sender_id, sender_nick, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (int c = 1; c <= conversations; ++c) {
        const bool group = c % 10 < 3;
        conv.addBindValue(c);
        conv.addBindValue(u"robot-%1"_s.arg(c % 5));
        conv.addBindValue(u"key-%1"_s.arg(c));
        conv.addBindValue(group ? u"cid-group-%1"_s.arg(c % 200) : u"cid-%1"_s.arg(c));
        conv.addBindValue(group ? 1 : 0);
        conv.addBindValue(group ? u"项目群 %1"_s.arg(c % 200) : QString());
        conv.addBindValue(u"user-%1"_s.arg(c % 2000));
        conv.addBindValue(u"用户%1"_s.arg(c % 2000));
        conv.addBindValue(start);
        conv.addBindValue(start);
        if (!conv.exec())
            return fail(conv);
    }
    QSqlQuery msg(handle);
    msg.prepare(u"INSERT INTO messages (conversation_id, role, content, sender_nick, created_at, "
                "model, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    int conversation = 1;
    for (qint64 i = 0; i < messages; ++i) {
        const bool question = i % 2 == 0;
        if (question)
            conversation = 1 + random.bounded(conversations);
        const bool chinese = conversation % 5 < 3;
        const qint64 at = start + (end - start) * i / messages;
        msg.addBindValue(conversation);
        msg.addBindValue(question ? u"user"_s : u"assistant"_s);
        msg.addBindValue(
            text(random, chinese, question ? 4 + random.bounded(10) : 15 + random.bounded(40)));
        msg.addBindValue(question ? u"用户%1"_s.arg(conversation % 2000) : QString());
        msg.addBindValue(at);
        msg.addBindValue(question ? QVariant() : QVariant(u"gpt-4o-mini"_s));
        msg.addBindValue(question ? QVariant() : QVariant(200 + random.bounded(800)));
        msg.addBindValue(question ? QVariant() : QVariant(50 + random.bounded(400)));
        if (!msg.exec())
            return fail(msg);
    }
    QSqlQuery touch(handle);
    if (!touch.exec(u"UPDATE conversations SET updated_at = COALESCE((SELECT MAX(created_at) "
                    "FROM messages WHERE conversation_id = conversations.id), created_at)"_s))
        return fail(touch);
    if (!handle.commit()) {
        *error = handle.lastError().text();
        return false;
    }
    QSqlQuery(handle).exec(u"PRAGMA synchronous=NORMAL"_s);
    return true;
}

namespace {
struct DemoChat
{
    QString robot;
    QString conversationId;
    QString title; // a group's name; empty in 1:1
    QString sender;
};

class DemoWriter
{
public:
    explicit DemoWriter(Database &db)
        : m_store(db)
    {}

    bool say(const DemoChat &chat, const QString &question, const QString &answer, qint64 at,
             int promptTokens, int completionTokens, const QString &errorKind = {})
    {
        InboundMessage m;
        m.kind = InboundMessage::Kind::Text;
        m.msgType = u"text"_s;
        m.text = question;
        m.msgId = u"demo-%1"_s.arg(++m_next);
        m.conversationId = chat.conversationId;
        m.conversationTitle = chat.title;
        m.isGroup = !chat.title.isEmpty();
        m.senderId = u"$:LWCP_v1:$"_s + chat.sender;
        m.senderNick = chat.sender;
        m.createdAt = at;
        const AcceptResult accepted = m_store.accept(chat.robot, m, at);
        if (accepted.outcome != AcceptResult::Outcome::Accepted)
            return false;
        Job job;
        job.id = accepted.jobId;
        job.robotId = chat.robot;
        job.message = m;
        JobRecord rec;
        rec.kind = errorKind.isEmpty() ? JobRecord::Kind::Answer : JobRecord::Kind::Failure;
        rec.reply = answer;
        rec.errorKind = errorKind;
        rec.answer.text = answer;
        rec.answer.model = u"gpt-4o-mini"_s;
        rec.answer.promptTokens = promptTokens;
        rec.answer.completionTokens = completionTokens;
        rec.answer.requestId = u"req_demo_%1"_s.arg(m_next);
        rec.conversationKey = ConversationKey::of(job.robotId, m);
        rec.senderKey = ConversationKey::sender(m);
        const qint64 answered = at + 2000 + completionTokens * 20;
        return m_store.record(job, rec, answered) && m_store.markDelivered(job.id, answered);
    }
    QString error() const { return m_store.lastError(); }

private:
    Store m_store;
    int m_next = 0;
};
} // namespace

bool HistorySample::demo(Database &db, QString *error)
{
    DemoWriter w(db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 today = QDateTime(QDate::currentDate(), QTime(9, 0)).toMSecsSinceEpoch();
    const DemoChat ops{u"ops-bot"_s, u"cid-ops"_s, u"研发运维群"_s, u"王伟"_s};
    const DemoChat alice{u"assistant"_s, u"cid-alice"_s, {}, u"Alice Chen"_s};
    const DemoChat product{u"assistant"_s, u"cid-product"_s, u"产品讨论组"_s, u"李娜"_s};
    const DemoChat bob{u"translator"_s, u"cid-bob"_s, {}, u"Bob Smith"_s};
    QRandomGenerator random(7);
    // A month of everyday use, so the usage chart has something to show.
    const QList<DemoChat> regulars{
        {u"assistant"_s, u"cid-r1"_s, {}, u"张敏"_s},
        {u"assistant"_s, u"cid-r2"_s, {}, u"Alice Chen"_s},
        {u"ops-bot"_s, u"cid-r3"_s, u"研发运维群"_s, u"刘洋"_s},
        {u"translator"_s, u"cid-r4"_s, {}, u"Bob Smith"_s},
        {u"ops-bot"_s, u"cid-r5"_s, u"研发运维群"_s, u"陈静"_s},
    };
    for (int day = 29; day >= 1; --day) {
        for (const DemoChat &c : regulars) {
            const int n = random.bounded(c.sender == u"张敏"_s ? 9 : 5);
            for (int i = 0; i < n; ++i) {
                if (!w.say(c, u"例行问题 %1"_s.arg(i), u"好的，已处理。"_s,
                           today - day * Day + i * 600'000, 300 + random.bounded(900),
                           80 + random.bounded(500)))
                    return *error = w.error(), false;
            }
        }
    }
    const bool ok =
        w.say(bob, u"Translate into Chinese: \"The release is postponed to Friday.\""_s,
              u"发布推迟到周五。\n\n(Fābù tuīchí dào zhōuwǔ.)"_s, now - 6 * 3600'000, 40, 25) &&
        w.say(product, u"帮我列一份本周周报的提纲"_s,
              u"## 本周周报提纲\n\n1. **本周完成**\n   - 钉钉机器人接入上线\n   - "
              u"历史记录搜索支持中文\n"
              "2. **进行中**\n   - 导出功能（Markdown / JSON）\n3. **风险与需要的支持**\n"
              "   - 模型配额在月底前可能用完\n\n> 提示：每项写清负责人和截止日期。"_s,
              now - 5 * 3600'000, 120, 180) &&
        w.say(alice, u"How do I page through a big SQLite table without OFFSET?"_s,
              u"Use **keyset pagination**: remember the last row you showed and ask for the rows "
              "after it. An index makes each page cost the same, however deep you go.\n\n"
              "```sql\nSELECT id, title, updated_at\n  FROM conversations\n"
              " WHERE (updated_at, id) < (:last_updated, :last_id)\n"
              " ORDER BY updated_at DESC, id DESC\n LIMIT 100;\n```\n\n"
              "- `OFFSET 100000` reads and throws away 100,000 rows first.\n"
              "- The row value `(updated_at, id)` breaks ties, so no row is skipped."_s,
              now - 4 * 3600'000, 210, 160) &&
        w.say(alice, u"Summarise the last incident in one line"_s, u"The model is busy."_s,
              now - 3 * 3600'000, 0, 0, u"rate_limited"_s) &&
        w.say(ops, u"服务器部署失败了，日志里报 connection refused，怎么排查？"_s,
              u"先别急，按下面的顺序排查：\n\n1. 确认服务进程在运行：\n\n"
              "   ```bash\n   systemctl status dingrelay\n"
              "   journalctl -u dingrelay --since \"10 min ago\"\n   ```\n\n"
              "2. 检查端口是否在监听：`ss -ltnp | grep 8089`\n"
              "3. 对照下表确认防火墙放行：\n\n"
              "| 端口 | 用途 | 是否对外 |\n|---|---|---|\n| 8089 | 钉钉回调 | 否（经反向代理） |\n"
              "| 443 | HTTPS 反向代理 | 是 |\n| 5432 | 数据库 | 否 |\n\n"
              "如果 `ss` 没有输出，说明服务没起来，先看上面的日志。"_s,
              now - 40 * 60'000, 260, 310) &&
        w.say(ops, u"好的，是端口被占用了，已经解决了。"_s,
              u"太好了！建议在部署脚本里加上端口检查，避免下次再遇到。"_s, now - 10 * 60'000, 330,
              60);
    if (!ok)
        *error = w.error();
    return ok;
}
