#include "conversation/Planner.h"

#include "conversation/AccessPolicy.h"
#include "conversation/CommandReplies.h"
#include "conversation/Commands.h"
#include "conversation/ContextWindow.h"
#include "conversation/ConversationKey.h"
#include "conversation/Mentions.h"
#include "conversation/Replies.h"
#include "tokens/ModelCatalog.h"
#include "tokens/TokenCounter.h"
#include "util/Log.h"

using namespace Qt::StringLiterals;

namespace {

bool isDefault(const QString &argument)
{
    const QString a = argument.toLower();
    return a == u"default"_s || a == u"默认"_s;
}

void notice(Plan &plan, const QString &reply)
{
    plan.record.kind = JobRecord::Kind::Notice;
    plan.record.reply = reply;
}

} // namespace

Planner::Planner(const AppConfig &config, Store &store)
    : m_config(config)
    , m_store(store)
    , m_conversations(store.database())
{}

QString Planner::laneKey(const Job &job, const RobotSettings *robot)
{
    return ConversationKey::of(job.robotId, job.message,
                               robot ? robot->context : ContextMode::User);
}

Plan Planner::plan(const Job &job, const RobotSettings &robot, const QDateTime &now)
{
    Plan plan;
    plan.job = job;
    plan.record.conversationKey = ConversationKey::of(job.robotId, job.message, robot.context);
    plan.record.senderKey = ConversationKey::sender(job.message);
    InboundMessage &m = plan.job.message;
    if (m.isGroup)
        m.text = Mentions::strip(m.text, robot.mentionNames);

    const Access access = AccessPolicy::check(robot, m);
    if (!access.allowed) {
        qCInfo(lcRelay).noquote() << "job" << job.id << "refused:" << access.refusal << "sender"
                                  << ConversationKey::sender(m) << "in" << m.conversationId;
        notice(plan, CommandReplies::refused(robot.language));
        plan.record.refusal = access.refusal;
        return plan;
    }
    if (!m.isSupportedKind()) {
        notice(plan, Replies::unsupportedKind(robot.language, m.msgType));
        return plan;
    }
    if (m.text.isEmpty()) {
        notice(plan, job.message.text.isEmpty() ? Replies::emptyMessage(robot.language)
                                                : CommandReplies::nothingAsked(robot.language));
        return plan;
    }
    command(plan, robot, access.admin, now);
    return plan;
}

void Planner::command(Plan &plan, const RobotSettings &robot, bool admin, const QDateTime &now)
{
    const QString &lang = robot.language;
    const Command cmd = Commands::parse(plan.job.message.text);
    const QString key = ConversationKey::of(plan.job.robotId, plan.job.message, robot.context);
    const auto conversationRow = [&]() {
        return m_store.ensureConversation(key, plan.job.robotId, plan.job.message,
                                          now.toMSecsSinceEpoch());
    };
    switch (cmd.kind) {
    case ChatCommand::None:
    case ChatCommand::Retry: {
        qint64 replaces = 0;
        if (cmd.kind == ChatCommand::Retry) {
            const auto asked = m_conversations.lastQuestion(key);
            if (!asked) {
                notice(plan, CommandReplies::nothingToRetry(lang));
                return;
            }
            plan.job.message.text = asked->text;
            replaces = asked->jobId;
        }
        if (const auto refused = overQuota(plan, robot, admin, now)) {
            notice(plan,
                   CommandReplies::quotaReached(lang, refused->result, refused->resetsAt, now));
            plan.record.refusal = refused->result == QuotaCheck::Result::TokensUsed
                                      ? u"token_quota"_s
                                      : u"message_quota"_s;
            return;
        }
        ask(plan, robot, replaces);
        return;
    }
    case ChatCommand::Help:
        notice(plan, CommandReplies::help(lang));
        return;
    case ChatCommand::Reset:
        notice(plan, Replies::contextCleared(lang));
        plan.record.resetContext = true;
        return;
    case ChatCommand::Usage:
        notice(plan, CommandReplies::usage(lang, usageToday(plan, robot, now), robot, admin,
                                           Quota::nextReset(now), now));
        return;
    case ChatCommand::Model: {
        const QStringList choices = modelChoices(robot);
        const ConversationState state = m_conversations.state(key);
        if (cmd.argument.isEmpty()) {
            notice(plan, CommandReplies::modelNow(lang, modelFor(robot, state), choices));
            return;
        }
        QString chosen;
        if (!isDefault(cmd.argument)) {
            for (const QString &choice : choices) {
                if (choice.compare(cmd.argument, Qt::CaseInsensitive) == 0)
                    chosen = choice;
            }
            if (chosen.isEmpty()) {
                notice(plan, CommandReplies::modelNotAllowed(lang, cmd.argument, choices));
                return;
            }
        }
        if (!m_conversations.setModel(conversationRow(), chosen)) {
            notice(plan, CommandReplies::notSaved(lang));
            return;
        }
        notice(plan, CommandReplies::modelSwitched(lang, chosen.isEmpty() ? configuredModel(robot)
                                                                          : chosen));
        return;
    }
    case ChatCommand::System: {
        const ConversationState state = m_conversations.state(key);
        if (cmd.argument.isEmpty()) {
            notice(plan, CommandReplies::promptNow(lang, promptFor(robot, state),
                                                   !state.systemPrompt.isEmpty()));
            return;
        }
        const bool clear = isDefault(cmd.argument);
        if (!m_conversations.setSystemPrompt(conversationRow(), clear ? QString() : cmd.argument)) {
            notice(plan, CommandReplies::notSaved(lang));
            return;
        }
        notice(plan, clear ? CommandReplies::promptCleared(lang) : CommandReplies::promptSet(lang));
        return;
    }
    case ChatCommand::Persona: {
        const ConversationState state = m_conversations.state(key);
        if (cmd.argument.isEmpty()) {
            notice(plan, CommandReplies::personaList(lang, m_config.personas, state.persona));
            return;
        }
        const bool clear = isDefault(cmd.argument);
        const PersonaSettings *persona = m_config.personaByName(cmd.argument);
        if (!clear && !persona) {
            notice(plan, CommandReplies::personaUnknown(lang, cmd.argument, m_config.personas));
            return;
        }
        if (!m_conversations.setPersona(conversationRow(), clear ? QString() : persona->name)) {
            notice(plan, CommandReplies::notSaved(lang));
            return;
        }
        notice(plan, clear ? CommandReplies::personaCleared(lang)
                           : CommandReplies::personaSwitched(lang, *persona));
        return;
    }
    case ChatCommand::Unknown:
        notice(plan, CommandReplies::unknownCommand(lang, cmd.word));
        return;
    }
}

void Planner::ask(Plan &plan, const RobotSettings &robot, qint64 replacesJob)
{
    const InboundMessage &m = plan.job.message;
    const QString key = ConversationKey::of(plan.job.robotId, m, robot.context);
    const ConversationState state = m_conversations.state(key);

    ChatRequest request;
    request.model = modelFor(robot, state);
    request.temperature = m_config.model.temperature;
    request.maxAnswerTokens = m_config.model.maxAnswerTokens;

    // model/context_window and model/tokenizer describe the model configured for the robot; one
    // picked with /model is judged by its own name, or a small window would squeeze a large
    // model and a large one overflow a small model.
    const bool configured = request.model.compare(configuredModel(robot), Qt::CaseInsensitive) == 0;
    plan.tokenizer = configured ? m_config.model.tokenizer : u"auto"_s;
    const TokenCounter counter = TokenCounter::forModel(request.model, plan.tokenizer);
    int window = configured ? m_config.model.contextWindow : 0;
    if (window <= 0)
        window = ModelCatalog::contextWindow(request.model);
    if (window <= 0)
        window = ModelCatalog::FallbackContextWindow;
    ContextBudget budget;
    budget.maxTurns = m_config.conversation.maxTurns;
    budget.maxTokens = ContextBudget::promptTokens(window, m_config.model.maxAnswerTokens,
                                                   m_config.conversation.maxContextTokens);

    QList<Turn> history;
    if (robot.context != ContextMode::Off)
        history = m_store.history(key, budget.maxTurns, replacesJob);
    QString question = m.text;
    if (robot.context == ContextMode::Group && m.isGroup) {
        // One context for the whole group: the model is told who says what.
        for (Turn &turn : history) {
            if (!turn.speaker.isEmpty())
                turn.question = turn.speaker + u": "_s + turn.question;
        }
        if (!m.senderNick.isEmpty())
            question = m.senderNick + u": "_s + question;
    }
    const BuiltContext built =
        ContextWindow::build(promptFor(robot, state), history, question, budget, counter);
    request.messages = built.messages;
    if (built.turnsDropped > 0) { // history holds max_turns at most: the tokens ran out
        qCInfo(lcModel).noquote() << "job" << plan.job.id << "context trimmed to"
                                  << built.promptTokens << "of" << budget.maxTokens << "tokens ("
                                  << counter.method() << "):" << built.turnsDropped
                                  << "oldest turns left out";
    }
    plan.request = request;
    plan.promptTokens = built.promptTokens;
    plan.exactCount = counter.isExact();
    plan.record.replacesJob = replacesJob;
}

QStringList Planner::modelChoices(const RobotSettings &robot) const
{
    return robot.models.isEmpty() ? m_config.model.allowedModels : robot.models;
}

QString Planner::configuredModel(const RobotSettings &robot) const
{
    return robot.model.isEmpty() ? m_config.model.model : robot.model;
}

QString Planner::modelFor(const RobotSettings &robot, const ConversationState &state) const
{
    const QString configured = configuredModel(robot);
    if (state.model.isEmpty())
        return configured;
    // A choice taken off the list since it was made no longer applies.
    for (const QString &choice : modelChoices(robot)) {
        if (choice.compare(state.model, Qt::CaseInsensitive) == 0)
            return choice;
    }
    return configured;
}

QString Planner::promptFor(const RobotSettings &robot, const ConversationState &state) const
{
    if (!state.systemPrompt.isEmpty())
        return state.systemPrompt;
    if (!state.persona.isEmpty()) {
        if (const PersonaSettings *persona = m_config.personaByName(state.persona))
            return persona->prompt;
    }
    return robot.systemPrompt.isEmpty() ? m_config.model.systemPrompt : robot.systemPrompt;
}

DailyUsage Planner::usageToday(const Plan &plan, const RobotSettings &robot, const QDateTime &now)
{
    return m_conversations.usageSince(robot.id, ConversationKey::sender(plan.job.message),
                                      Quota::dayStart(now).toMSecsSinceEpoch());
}

std::optional<QuotaCheck> Planner::overQuota(const Plan &plan, const RobotSettings &robot,
                                             bool admin, const QDateTime &now)
{
    if (admin || (robot.dailyMessages <= 0 && robot.dailyTokens <= 0))
        return std::nullopt;
    const QuotaCheck verdict = Quota::check(robot, admin, usageToday(plan, robot, now), now);
    if (verdict.allowed())
        return std::nullopt;
    qCInfo(lcRelay).noquote() << "job" << plan.job.id << "refused: daily limit of sender"
                              << ConversationKey::sender(plan.job.message) << "reached";
    return verdict;
}
