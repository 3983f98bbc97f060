#include "conversation/Replies.h"

using namespace Qt::StringLiterals;

bool Replies::isEnglish(const QString &language)
{
    return language == u"en"_s;
}

QString Replies::pick(const QString &language, const QString &zh, const QString &en)
{
    return isEnglish(language) ? en : zh;
}

QString Replies::contextCleared(const QString &language)
{
    return pick(language, u"好的，上下文已清空，我们重新开始吧。"_s,
                u"Done: the conversation is cleared, let's start afresh."_s);
}

QString Replies::unsupportedKind(const QString &language, const QString &msgType)
{
    const bool en = isEnglish(language);
    QString what;
    if (msgType == u"picture"_s)
        what = en ? u"pictures"_s : u"图片"_s;
    else if (msgType == u"video"_s)
        what = en ? u"videos"_s : u"视频"_s;
    else if (msgType == u"file"_s)
        what = en ? u"files"_s : u"文件"_s;
    else
        what = en ? u"this kind of message"_s : u"这类消息"_s;
    return en ? u"Sorry, I can't read %1 yet: please send text or a voice message."_s.arg(what)
              : u"抱歉，我暂时还看不懂%1，请发送文字或语音消息。"_s.arg(what);
}

QString Replies::emptyMessage(const QString &language)
{
    return pick(language, u"我没有收到文字内容（语音可能没有识别出来），请再说一遍。"_s,
                u"I received no words (the voice message may not have been recognised); "
                u"please say it again."_s);
}

QString Replies::modelFailed(const QString &language, const ChatError &error)
{
    using K = ChatError::Kind;
    switch (error.kind) {
    case K::Unreachable:
        return pick(language, u"连接不上模型服务，请管理员检查网络或代理设置，稍后再试。"_s,
                    u"The model service could not be reached; the administrator should check "
                    u"the network or proxy settings, then try again."_s);
    case K::Timeout:
        return pick(language, u"模型太久没有回应，请稍后再试，或者把问题问得简短一些。"_s,
                    u"The model took too long to answer; please try again later or ask a "
                    u"shorter question."_s);
    case K::BadKey:
        return pick(language, u"模型服务拒绝了 API Key，请管理员在 DingRelay 设置中检查密钥。"_s,
                    u"The model service rejected the API key; the administrator should check "
                    u"the key in DingRelay's settings."_s);
    case K::RateLimited:
        return pick(language, u"模型服务现在太忙（达到了速率限制），请过一分钟再试。"_s,
                    u"The model service is busy (rate limit reached); please try again in a "
                    u"minute."_s);
    case K::QuotaExhausted:
        return pick(language, u"模型账户的额度已用完，请管理员充值或更换 API Key。"_s,
                    u"The model account has run out of credit; the administrator needs to top "
                    u"it up or change the API key."_s);
    case K::ContextTooLong:
        return pick(language, u"对话太长，模型装不下了，请发送 /reset 开始新的对话。"_s,
                    u"This conversation is too long for the model; send /reset to start a "
                    u"new one."_s);
    case K::ModelNotFound:
        return pick(language, u"模型服务找不到所配置的模型，请管理员检查模型名称。"_s,
                    u"The model service does not know the configured model; the administrator "
                    u"should check the model name."_s);
    case K::BadRequest:
        return pick(language, u"模型服务拒绝了这个请求，请换个说法再试，或请管理员查看日志。"_s,
                    u"The model service refused this request; please rephrase it, or ask the "
                    u"administrator to check the log."_s);
    case K::ServerError:
        return pick(language, u"模型服务内部出错了，请稍后再试。"_s,
                    u"The model service had an internal error; please try again shortly."_s);
    case K::BadResponse:
        return pick(language, u"模型服务返回了无法读取的结果，请稍后再试。"_s,
                    u"The model service sent an answer DingRelay could not read; please try "
                    u"again shortly."_s);
    case K::Cancelled:
        return pick(language, u"DingRelay 正在重启，这个问题没来得及回答，请再发一次。"_s,
                    u"DingRelay was restarting and could not answer this; please send it "
                    u"again."_s);
    case K::Truncated:
        return pick(language, u"模型的回答中途断了，请再问一次。"_s,
                    u"The model's answer was cut off before it finished; please ask again."_s);
    case K::ProxyFailed:
        return pick(language, u"代理服务器连不上模型服务，请管理员检查 DingRelay 的代理设置。"_s,
                    u"The proxy could not reach the model service; the administrator should "
                    u"check DingRelay's proxy settings."_s);
    case K::ProxyAuth:
        return pick(language,
                    u"代理服务器要求登录，请管理员在 DingRelay 中填写代理的用户名和密码。"_s,
                    u"The proxy asks for a login; the administrator should set the proxy user "
                    u"and password in DingRelay."_s);
    case K::TlsFailed:
        return pick(language, u"与模型服务的加密连接不受信任，请管理员检查证书或 CA 设置。"_s,
                    u"The secure connection to the model service is not trusted; the "
                    u"administrator should check the certificate or CA settings."_s);
    }
    return {};
}

QString Replies::modelDelayed(const QString &language)
{
    return pick(language, u"模型暂时没有回应，回答会晚一些到，我在继续尝试。"_s,
                u"The model is not answering right now; your answer is delayed, and I keep "
                u"trying."_s);
}

QString Replies::cardInterrupted(const QString &language)
{
    return pick(language, u"DingRelay 重启了，这张卡片没有写完；完整的回答会另发一条消息。"_s,
                u"DingRelay restarted before this card was finished; the whole answer follows "
                u"as a message."_s);
}
