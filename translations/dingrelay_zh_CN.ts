<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutBox</name>
    <message>
        <location filename="../app/gui/AboutBox.cpp" line="+13"/>
        <source>About DingRelay</source>
        <translation>关于 DingRelay</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>ChatGPT and other OpenAI-compatible models in your DingTalk robots.</source>
        <translation>把 ChatGPT 和其他兼容 OpenAI 的模型接入你的钉钉机器人。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingRelay is free software under the GNU General Public License, version 3 or later (%1): you may use, study, change and share it. It comes with no warranty. The licence: &lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;gnu.org/licenses&lt;/a&gt;; installed, also /usr/share/doc/dingrelay/copyright.</source>
        <translation>DingRelay 是自由软件，以 GNU 通用公共许可证第 3 版或更新版本（%1）发布：你可以使用、研究、修改和分享它。它不提供任何担保。许可证全文：&lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;gnu.org/licenses&lt;/a&gt;；安装后也在 /usr/share/doc/dingrelay/copyright。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It is made with:</source>
        <translation>它使用了：</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../app/gui/settings/Banner.cpp" line="+22"/>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>CallbackUrlRow</name>
    <message>
        <location filename="../app/gui/wizard/CallbackUrlRow.cpp" line="+15"/>
        <location line="+16"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Callback URL</source>
        <translation>回调地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the callback URL, to paste it into the DingTalk developer console</source>
        <translation>复制回调地址，粘贴到钉钉开发者后台</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ConversationsPage</name>
    <message>
        <location filename="../app/gui/settings/ConversationsPage.cpp" line="+58"/>
        <source>&amp;Hide the model&apos;s reasoning (&lt;think&gt; blocks) in DingTalk</source>
        <translation>在钉钉里隐藏模型的思考过程（&lt;think&gt; 块）(&amp;H)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add &amp;persona</source>
        <translation>添加角色(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move persona</source>
        <translation>删除角色(&amp;M)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Also answer people &amp;outside the organisation</source>
        <translation>也回答组织外的人(&amp;O)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>None: every question stands alone</source>
        <translation>不带：每个问题单独回答</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the model&apos;s window allows</source>
        <translation>模型上下文窗口的上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+54"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Empty: /model cannot switch</source>
        <translation>留空：不能用 /model 切换</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Personas</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Double-click a name or description to change it; the prompt is edited below the table.</source>
        <translation>双击名称或说明即可修改；提示词在表格下方编辑。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What the model is told when a conversation chooses this persona; it may have several lines</source>
        <translation>会话选用此角色时告诉模型的内容，可以有多行</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each sender has their own, also in groups</source>
        <translation>每人各自一段，群聊里也是</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A group shares one conversation</source>
        <translation>整个群共用一段对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off: every question stands alone</source>
        <translation>关闭：每个问题单独回答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The robot&apos;s names, cut from &quot;@name&quot; in groups</source>
        <translation>机器人在群里的名字，会从“@名字”中去掉</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Empty: the list above</source>
        <translation>留空：使用上面的列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>staffIds; empty: everyone in the organisation</source>
        <translation>staffId；留空：组织内所有人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>conversationIds; empty: every conversation</source>
        <translation>conversationId；留空：所有会话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>staffIds: always allowed, no daily limits</source>
        <translation>staffId：始终允许，不受每日限额约束</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+5"/>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="-4"/>
        <source> questions</source>
        <translation> 个问题</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Earlier &amp;turns sent along:</source>
        <translation>附带的历史轮数(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Token &amp;budget:</source>
        <translation>Token 预算(&amp;B)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>/model may &amp;switch to:</source>
        <translation>/model 可切换到(&amp;S)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Personas for /persona</source>
        <translation>/persona 可用的角色</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>S&amp;elected persona&apos;s prompt:</source>
        <translation>所选角色的提示词(&amp;E)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who may talk to a robot, and how much</source>
        <translation>谁可以和机器人对话，以及用量限制</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Robot:</source>
        <translation>机器人(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conte&amp;xt:</source>
        <translation>上下文(&amp;X)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Names in groups:</source>
        <translation>群内名字(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Allowed senders:</source>
        <translation>允许的发送人(&amp;A)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allowed &amp;conversations:</source>
        <translation>允许的会话(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;dmins:</source>
        <translation>管理员(&amp;D)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Questions a day per person:</source>
        <translation>每人每天提问数(&amp;Q)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To&amp;kens a day per person:</source>
        <translation>每人每天 Token 数(&amp;K)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its mode&amp;ls for /model:</source>
        <translation>它的 /model 可选模型(&amp;L)：</translation>
    </message>
    <message>
        <location line="+199"/>
        <source>persona%1</source>
        <translation>persona%1</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>A persona needs a name: the word /persona is typed with.</source>
        <translation>角色需要一个名称：即 /persona 后输入的那个词。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;%1&quot; is too long: a persona&apos;s name has at most %2 characters.</source>
        <translation>“%1”太长：角色名称最多 %2 个字符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&quot;%1&quot;: a persona&apos;s name is one word of letters (Chinese too), digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>“%1”：角色名称须为一个词，由字母（中文也可以）、数字、“-”或“_”组成。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&quot;%1&quot; is there twice.</source>
        <translation>“%1”重复了。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;%1&quot; needs a prompt: what the model is told.</source>
        <translation>“%1”缺少提示词，也就是要告诉模型的话。</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/ConversationsPage.h" line="+24"/>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
</context>
<context>
    <name>DoneStep</name>
    <message>
        <location filename="../app/gui/wizard/DoneStep.cpp" line="+15"/>
        <source>DingRelay is set up</source>
        <translation>DingRelay 已设置好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happens now, and where to find things.</source>
        <translation>接下来会怎样，以及各项功能在哪里。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&lt;li&gt;In DingTalk&apos;s developer console, publish a version of the app so people can find the robot, then message it or add it to a group.&lt;/li&gt;</source>
        <translation>&lt;li&gt;在钉钉开发者后台发布应用的一个版本，让同事能找到这个机器人，然后给它发消息或把它拉进群。&lt;/li&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;li&gt;In DingTalk&apos;s developer console, check that the robot&apos;s message address is the callback URL, publish a version of the app, then message the robot or add it to a group.&lt;/li&gt;</source>
        <translation>&lt;li&gt;在钉钉开发者后台确认机器人的消息接收地址就是上面的回调地址，发布应用的一个版本，然后给机器人发消息或把它拉进群。&lt;/li&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;p&gt;The relay runs in the background while DingRelay is open.&lt;/p&gt;&lt;ul&gt;%1&lt;li&gt;The tray icon (or the status window) shows whether all is well and offers the History, the Test console and Settings.&lt;/li&gt;&lt;li&gt;To run this wizard again, open Settings and choose Setup wizard.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;DingRelay 打开期间，中继服务会在后台运行。&lt;/p&gt;&lt;ul&gt;%1&lt;li&gt;托盘图标（或状态窗口）会显示一切是否正常，并提供历史记录、测试控制台和设置。&lt;/li&gt;&lt;li&gt;要再次运行本向导，请打开“设置”，点击“设置向导”。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../app/gui/wizard/FirstRunWizard.cpp" line="+26"/>
        <source>Set up DingRelay</source>
        <translation>设置 DingRelay</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt; B&amp;ack</source>
        <translation>&lt; 上一步(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Finish</source>
        <translation>完成(&amp;F)</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <location filename="../app/gui/settings/GeneralPage.cpp" line="+23"/>
        <source>&amp;Start DingRelay when I log in</source>
        <translation>登录时启动 DingRelay(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The system&apos;s language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Forever</source>
        <translation>永久</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The app</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language of DingRelay&apos;s windows, used from the next start. Each robot&apos;s own language is set under Robots.</source>
        <translation>DingRelay 窗口使用的语言，下次启动时生效。每个机器人回复时用的语言在“机器人”页设置。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>History and data</source>
        <translation>历史记录与数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keep messages for:</source>
        <translation>消息保留(&amp;K)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Data folder:</source>
        <translation>数据文件夹(&amp;D)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database with every conversation. A new folder takes effect when the relay restarts.</source>
        <translation>存放所有对话的数据库。更换文件夹后，中继服务重启时生效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Settings &amp;file:</source>
        <translation>设置文件(&amp;F)：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Choose a folder for the database.</source>
        <translation>请为数据库选择一个文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the folder&apos;s full path.</source>
        <translation>请输入文件夹的完整路径。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is a file, not a folder.</source>
        <translation>这是一个文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/GeneralPage.h" line="+19"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
</context>
<context>
    <name>GuiApp</name>
    <message>
        <location filename="../app/gui/GuiApp.cpp" line="+104"/>
        <source>Edit the config file for now: %1</source>
        <translation>目前请直接编辑配置文件：%1</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Starting the relay…</source>
        <translation>正在启动中继服务…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finishing the answers in hand, then quitting…</source>
        <translation>正在回复完手头的消息，然后退出…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finishing the answers in hand…</source>
        <translation>正在回复完手头的消息…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The relay is stopped: DingTalk messages wait until it runs again.</source>
        <translation>中继服务已停止：钉钉消息会等它重新运行后再回复。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The model refuses the API key: %1</source>
        <translation>模型服务拒绝了 API Key：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model&apos;s quota is used up: %1</source>
        <translation>模型额度已用完：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model calls fail: %1</source>
        <translation>调用模型失败：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The keychain is locked: %1</source>
        <translation>密钥环已锁定：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tunnel is down: %1</source>
        <translation>隧道已断开：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Robot %1: DingTalk refused an answer: %2</source>
        <translation>机器人 %1：钉钉拒收了一条回复：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Robot %1: the Stream connection failed: %2</source>
        <translation>机器人 %1：Stream 连接失败：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Robot %1: %2</source>
        <translation>机器人 %1：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No robot is configured yet: add one under Settings.</source>
        <translation>还没有配置机器人：请在“设置”里添加。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Messages cannot be stored: %1</source>
        <translation>无法保存消息：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database is damaged: %1</source>
        <translation>数据库已损坏：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Serving %1 for one robot.</source>
        <translation>正在 %1 为 1 个机器人提供服务。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serving %1 for %2 robots.</source>
        <translation>正在 %1 为 %2 个机器人提供服务。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Public URL: %1</source>
        <translation>公网地址：%1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No database to check</source>
        <translation>没有可检查的数据库</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>There is no %1 yet.</source>
        <translation>还没有 %1。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The database could not be checked</source>
        <translation>无法检查数据库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database is sound</source>
        <translation>数据库完好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite&apos;s integrity check found no damage in %1.</source>
        <translation>SQLite 的完整性检查未在 %1 中发现损坏。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Callback URL copied</source>
        <translation>已复制回调地址</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <location filename="../app/gui/history/HistoryWindow.cpp" line="+51"/>
        <source>DingRelay — History</source>
        <translation>DingRelay — 历史记录</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export history</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The history cannot be opened:
%1</source>
        <translation>无法打开历史记录：
%1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Export written.</source>
        <translation>已导出。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export cancelled; no file was written.</source>
        <translation>已取消导出，没有写入文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Search every message — English or 中文 (Enter opens a hit)</source>
        <translation>搜索所有消息，中英文均可（按回车打开结果）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This conversation</source>
        <translation>当前对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected conversations</source>
        <translation>选中的对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> as Markdown…</source>
        <translation>（Markdown）…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> as JSON…</source>
        <translation>（JSON）…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected conversations</source>
        <translation>删除选中的对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear all…</source>
        <translation>全部清除…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Robot</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chat</source>
        <translation>会话</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Earlier messages</source>
        <translation>更早的消息</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>All robots</source>
        <translation>所有机器人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All chats</source>
        <translation>所有会话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Groups</source>
        <translation>群聊</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1:1 chats</source>
        <translation>单聊</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>&lt;b&gt;Conversation %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;对话 %1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>robot %1</source>
        <translation>机器人 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No message contains “%1”.</source>
        <translation>没有消息包含“%1”。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages containing “%1”, newest first%2.</source>
        <translation>包含“%1”的消息，最新的在前%2。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (scroll for more)</source>
        <translation>（向下滚动查看更多）</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exporting the history…</source>
        <translation>正在导出历史记录…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delete conversations</source>
        <translation>删除对话</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete %n conversation(s) and all their messages? This cannot be undone.</source>
        <translation>
            <numerusform>要删除这 %n 个对话及其全部消息吗？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not delete: %1</source>
        <translation>删除失败：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Deleted %n conversation(s).</source>
        <translation>
            <numerusform>已删除 %n 个对话。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Clear the history</source>
        <translation>清除历史记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete every conversation and message DingRelay has stored? Usage figures go too. This cannot be undone.</source>
        <translation>要删除 DingRelay 保存的所有对话和消息吗？用量统计也会一并删除。此操作无法撤销。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clearing the history…</source>
        <translation>正在清除历史记录…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The history is empty.</source>
        <translation>历史记录是空的。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not clear the history: %1</source>
        <translation>清除历史记录失败：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n conversation(s) shown</source>
        <translation>
            <numerusform>显示 %n 个对话</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (more as you scroll)</source>
        <translation>（向下滚动加载更多）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search: %1</source>
        <translation>搜索：%1</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../app/gui/history/MessageView.cpp" line="+129"/>
        <source>Question</source>
        <translation>提问</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⚠ Error</source>
        <translation>⚠ 错误</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>ModelCheck</name>
    <message>
        <location filename="../app/core/openai/ModelCheck.cpp" line="+77"/>
        <source>The server could not be reached. Check the base URL, your network and the model proxy on the Network page.</source>
        <translation>连接不上服务器。请检查接口地址、网络，以及“网络”页的模型代理。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server did not answer in time. Check the base URL and the proxy, or try again.</source>
        <translation>服务器没有及时回应。请检查接口地址和代理，或者再试一次。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server rejected the API key. Enter the key again, exactly as the provider shows it.</source>
        <translation>服务器拒绝了 API Key。请按服务商显示的原样重新输入。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server is rate limiting this key. Wait a minute and test again.</source>
        <translation>服务器正在限制这个 Key 的请求速率。请等一分钟再测试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account behind this key has no credit left. Top it up or use another key.</source>
        <translation>这个 Key 所属的账户余额已用完。请充值，或者换一个 Key。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server found the request too long; shorten the system prompt.</source>
        <translation>服务器认为请求太长，请缩短系统提示词。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server does not know this model. Pick one from the list (Fetch models).</source>
        <translation>服务器不认识这个模型。请从列表中选择一个（获取模型列表）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused the request. Check the model name and the provider.</source>
        <translation>服务器拒绝了请求。请检查模型名称和服务商。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server had an internal error. Try again in a moment.</source>
        <translation>服务器内部出错。请稍后再试。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The answer was not an OpenAI-compatible chat completion. Check the base URL (it usually ends in /v1).</source>
        <translation>回应不是兼容 OpenAI 的对话补全。请检查接口地址（通常以 /v1 结尾）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The test was cancelled.</source>
        <translation>测试已取消。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy could not reach the server. Check the model proxy on the Network page.</source>
        <translation>代理连接不上服务器。请检查“网络”页的模型代理。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The proxy wants a user and password. Set them on the Network page.</source>
        <translation>代理需要用户名和密码。请在“网络”页设置。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server&apos;s certificate is not trusted. Behind a corporate proxy, add its CA bundle on the Network page.</source>
        <translation>服务器的证书不受信任。如果在公司代理之后，请在“网络”页添加它的 CA 证书。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../app/gui/settings/ModelPage.cpp" line="+39"/>
        <source>OpenAI</source>
        <translation>OpenAI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azure OpenAI</source>
        <translation>Azure OpenAI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DeepSeek</source>
        <translation>DeepSeek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moonshot (Kimi)</source>
        <translation>月之暗面（Kimi）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alibaba DashScope (Qwen)</source>
        <translation>阿里云百炼（通义千问）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ollama on this computer</source>
        <translation>本机的 Ollama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another OpenAI-compatible server</source>
        <translation>其他兼容 OpenAI 的服务</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Fetch models</source>
        <translation>获取模型列表(&amp;F)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Test the model</source>
        <translation>测试模型(&amp;T)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter the API key from your provider&apos;s console.</source>
        <translation>请填写服务商控制台里的 API Key。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ask the provider which models this key can use</source>
        <translation>向服务商查询这个 Key 可以使用哪些模型</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+4"/>
        <source>Provider default</source>
        <translation>服务商默认</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>The longest answer the model may write. DingRelay also keeps this much of the context window free for the answer.</source>
        <translation>模型一次回答的最大长度。DingRelay 也会在上下文窗口中为回答留出这么多空间。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Known from the model&apos;s name</source>
        <translation>按模型名称确定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many tokens the model takes, the prompt and the answer together. DingRelay sends as much of the conversation as fits, less the answer&apos;s reserve. OpenAI&apos;s models are known by their name; any other model is given 8,192 tokens unless you enter its window here.</source>
        <translation>模型能接收的 Token 数，提示词与回答合计。DingRelay 在扣除为回答预留的部分后，尽可能多地发送对话内容。OpenAI 的模型按名称即可确定；其他模型按 8,192 个 Token 计算，除非在此填写它的窗口大小。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>By the model&apos;s name</source>
        <translation>按模型名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series)</source>
        <translation>o200k_base（GPT-4o、GPT-4.1、GPT-5、o 系列）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cl100k_base (GPT-4, GPT-3.5)</source>
        <translation>cl100k_base（GPT-4、GPT-3.5）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimate: one token per byte</source>
        <translation>估算：每个字节算一个 Token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How DingRelay counts tokens, to fit the conversation into the context window and for daily token limits. OpenAI&apos;s models are counted exactly by their name; choose an encoding for another model that uses one of them. The estimate counts every UTF-8 byte as a token: never too few, three to five times too many.</source>
        <translation>DingRelay 计算 Token 的方式，用于把对话放进上下文窗口以及每日 Token 限额。OpenAI 的模型按名称精确计数；其他模型若使用其中一种编码，请在此选择。估算把每个 UTF-8 字节算作一个 Token：绝不会少算，但会多算三到五倍。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What the model is told before every conversation</source>
        <translation>每段对话开始前告诉模型的话</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: the model name</source>
        <translation>留空：使用模型名称</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Provider:</source>
        <translation>服务商(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Base URL:</source>
        <translation>接口地址(&amp;B)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API &amp;key:</source>
        <translation>API Key(&amp;K)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deplo&amp;yment:</source>
        <translation>部署名称(&amp;Y)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API &amp;version:</source>
        <translation>API 版本(&amp;V)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;emperature:</source>
        <translation>温度(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer &amp;length:</source>
        <translation>回答长度(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context &amp;window:</source>
        <translation>上下文窗口(&amp;W)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;okenizer:</source>
        <translation>分词器(&amp;O)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;System prompt:</source>
        <translation>系统提示词(&amp;S)：</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Enter the server&apos;s address, for example https://api.example.com/v1.</source>
        <translation>请填写服务地址，例如 https://api.example.com/v1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This is not a web address: it must start with https:// or http:// and name a server.</source>
        <translation>这不是有效的网址：必须以 https:// 或 http:// 开头，并包含服务器地址。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not needed for this provider</source>
        <translation>这个服务商不需要</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a model, or type its name.</source>
        <translation>请选择一个模型，或输入模型名称。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The answer&apos;s reserve (%1 tokens) takes the whole window: no earlier turns are sent.</source>
        <translation>为回答预留的 %1 个 Token 占满了整个窗口：不会发送之前的对话轮次。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 takes %2 tokens.</source>
        <translation>%1 可接收 %2 个 Token。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not known for %1: %2 tokens are assumed. Enter the model&apos;s window if it is larger.</source>
        <translation>不知道 %1 的窗口大小：按 %2 个 Token 计算。如果它更大，请填写模型的窗口大小。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Every UTF-8 byte counts as a token: less of the conversation fits, and daily token limits are reached sooner.</source>
        <translation>每个 UTF-8 字节算作一个 Token：能放进的对话更少，每日 Token 限额也会更早用完。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is counted exactly, with %2.</source>
        <translation>%1 用 %2 精确计数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No tokenizer is known for %1: every UTF-8 byte counts as a token, an over-estimate.</source>
        <translation>没有适用于 %1 的已知分词器：每个 UTF-8 字节算作一个 Token，会多算。</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Asking the provider for its models…</source>
        <translation>正在向服务商查询模型列表…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The model list could not be fetched: %1</source>
        <translation>无法获取模型列表：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>One model available.</source>
        <translation>有 1 个可用模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 models available.</source>
        <translation>有 %1 个可用模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider does not list &quot;%1&quot;; check the name.</source>
        <translation>服务商的列表里没有“%1”，请检查名称。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Sending a short question to %1…</source>
        <translation>正在向 %1 发送一个简短的问题…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>✘ Enter the API key first.</source>
        <translation>✘ 请先填写 API Key。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ The API key could not be read: %1</source>
        <translation>✘ 无法读取 API Key：%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>✔ %1 answered in %2 s: “%3”</source>
        <translation>✔ %1 用时 %2 秒回答：“%3”</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/ModelPage.h" line="+25"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>ModelStep</name>
    <message>
        <location filename="../app/gui/wizard/ModelStep.cpp" line="+17"/>
        <source>Continue without a &amp;working model</source>
        <translation>不检查模型，直接继续(&amp;W)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your provider and enter its API key. Next asks the model a short question to check that it answers.</source>
        <translation>选择模型服务商并填写它的 API Key。点击“下一步”时会向模型发一个简短的问题，确认它能正常回答。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The robot will answer every message with an error until the model works. Fix it later under Settings › Model.</source>
        <translation>在模型能正常使用之前，机器人对每条消息都只会回复一条错误提示。之后可以在“设置 › 模型”中修正。</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <location filename="../app/gui/settings/NetworkPage.cpp" line="+19"/>
        <source>To the model provider</source>
        <translation>连接模型服务商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To DingTalk</source>
        <translation>连接钉钉</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Empty: only the system&apos;s certificate authorities</source>
        <translation>留空：只信任系统自带的证书颁发机构</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answers to DingTalk and calls to the model can each take their own way out. Certificates are always verified.</source>
        <translation>发往钉钉的回复和对模型的调用可以分别走不同的网络出口。证书始终会被校验。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trusted certificates</source>
        <translation>受信任的证书</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Extra &amp;CA bundle:</source>
        <translation>额外的 CA 证书(&amp;C)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A PEM file with the CA of a corporate TLS proxy, trusted in addition to the system&apos;s.</source>
        <translation>包含公司 TLS 代理 CA 的 PEM 文件，在系统证书之外额外信任。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Choose a CA bundle</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/NetworkPage.h" line="+17"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <location filename="../app/gui/Notifier.cpp" line="+35"/>
        <source>The model refuses the API key</source>
        <translation>模型服务拒绝了 API Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a valid key under Settings › Model. (%1)</source>
        <translation>请在“设置 › 模型”中填写有效的 Key。（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s quota is used up</source>
        <translation>模型额度已用完</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add credit at your provider or use another key. (%1)</source>
        <translation>请到服务商处充值，或换一个 Key。（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model call is set up wrongly</source>
        <translation>模型调用的设置有误</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the model, proxy and certificates under Settings. (%1)</source>
        <translation>请在“设置”中检查模型、代理和证书。（%1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The keychain is locked</source>
        <translation>密钥环已锁定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlock your login keychain, then start the relay again. (%1)</source>
        <translation>请先解锁登录密钥环，然后重新启动中继服务。（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingTalk cannot reach the relay</source>
        <translation>钉钉无法连接到中继服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tunnel is down: %1</source>
        <translation>隧道已断开：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingTalk refused an answer</source>
        <translation>钉钉拒收了一条回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Robot %1: %2</source>
        <translation>机器人 %1：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A Stream connection failed</source>
        <translation>Stream 连接失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Robot %1: %2. Check its client id and secret.</source>
        <translation>机器人 %1：%2。请检查它的 Client ID 和 Client Secret。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingRelay cannot store messages</source>
        <translation>DingRelay 无法保存消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingTalk keeps them until it can: %1</source>
        <translation>在恢复之前，钉钉会先保留这些消息：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New message for %1</source>
        <translation>%1 收到新消息</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(1 more like this since the last notice)</source>
        <translation>（自上次提醒以来还有 1 条类似情况）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(%1 more like this since the last notice)</source>
        <translation>（自上次提醒以来还有 %1 条类似情况）</translation>
    </message>
</context>
<context>
    <name>ProxyEditor</name>
    <message>
        <location filename="../app/gui/settings/ProxyEditor.cpp" line="+29"/>
        <source>Direct connection</source>
        <translation>直接连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system&apos;s proxy settings</source>
        <translation>使用系统代理设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HTTP proxy</source>
        <translation>HTTP 代理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SOCKS5 proxy</source>
        <translation>SOCKS5 代理</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Empty: no login</source>
        <translation>留空：无需登录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the proxy user&apos;s password.</source>
        <translation>请输入代理用户的密码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;onnect:</source>
        <translation>连接方式(&amp;O)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Co&amp;nnect:</source>
        <translation>连接方式(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hos&amp;t:</source>
        <translation>主机(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Po&amp;rt:</source>
        <translation>端口(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Us&amp;er:</source>
        <translation>用户名(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Passwor&amp;d:</source>
        <translation>密码(&amp;D)：</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Enter the proxy&apos;s host name or IP address.</source>
        <translation>请输入代理的主机名或 IP 地址。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the proxy&apos;s port, from 1 to 65535.</source>
        <translation>请输入代理端口（1 到 65535）。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/gui/history/MessageView.cpp" line="-104"/>
        <source>%1 in + %2 out tokens</source>
        <translation>输入 %1 + 输出 %2 Token</translation>
    </message>
</context>
<context>
    <name>RelayPage</name>
    <message>
        <location filename="../app/gui/settings/RelayPage.cpp" line="+51"/>
        <source>Sho&amp;w output…</source>
        <translation>查看输出(&amp;W)…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None: this computer only, or Stream mode robots</source>
        <translation>不需要：只在本机使用，或只用 Stream 模式机器人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A public URL I run myself (frp, nginx, a cloud host)</source>
        <translation>我自己提供的公网地址（frp、nginx、云服务器）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A tunnel program DingRelay starts</source>
        <translation>由 DingRelay 启动的隧道程序</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cloudflared quick tunnel (no account needed)</source>
        <translation>cloudflared 快速隧道（无需账号）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ngrok</source>
        <translation>ngrok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>frpc with my frp server</source>
        <translation>frpc，连接我自己的 frp 服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ssh -R to my server</source>
        <translation>ssh -R 到我的服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another program (a command line)</source>
        <translation>其他程序（自定义命令行）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Empty: found on PATH</source>
        <translation>留空：从 PATH 中查找</translation>
    </message>
    <message>
        <location line="+19"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only at start and on demand</source>
        <translation>仅在启动时和手动检查时</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The relay on this computer</source>
        <translation>本机的中继服务</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Listen on:</source>
        <translation>监听地址(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>127.0.0.1 accepts only this computer (a tunnel forwards to it); 0.0.0.0 accepts every network.</source>
        <translation>127.0.0.1 只接受本机连接（由隧道转发过来）；0.0.0.0 接受所有网络的连接。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How DingTalk reaches it</source>
        <translation>钉钉如何访问它</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Tunnel:</source>
        <translation>内网穿透(&amp;T)：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The tunnel program&apos;s recent output, secrets masked.</source>
        <translation>隧道程序最近的输出，密钥已遮盖。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Public &amp;URL:</source>
        <translation>公网地址(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pro&amp;gram:</source>
        <translation>程序(&amp;G)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Server (ssh):</source>
        <translation>服务器（ssh）(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port on the ser&amp;ver:</source>
        <translation>服务器上的端口(&amp;V)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>frpc &amp;config file:</source>
        <translation>frpc 配置文件(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co&amp;mmand:</source>
        <translation>命令(&amp;M)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL patter&amp;n:</source>
        <translation>地址匹配规则(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xtra arguments:</source>
        <translation>附加参数(&amp;X)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Program pat&amp;h:</source>
        <translation>程序路径(&amp;H)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tunnel t&amp;oken:</source>
        <translation>隧道令牌(&amp;O)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check reachabilit&amp;y every:</source>
        <translation>连通性检查间隔(&amp;Y)：</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Now: %1</source>
        <translation>当前：%1</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>DingTalk cannot reach HTTP-callback robots from the internet. Stream mode robots work without a tunnel.</source>
        <translation>钉钉无法从公网访问使用 HTTP 回调的机器人。Stream 模式的机器人不需要内网穿透也能工作。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your own server forwards this URL to the relay. DingRelay checks from time to time that it really arrives here.</source>
        <translation>由你自己的服务器把这个地址转发到中继服务。DingRelay 会定期检查请求是否真的能到达这里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingRelay starts the program with the relay, restarts it when it stops, and reads the public URL from its output (leave Public URL empty).</source>
        <translation>DingRelay 会随中继服务一起启动这个程序，程序退出后自动重启，并从它的输出中读取公网地址（“公网地址”请留空）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingRelay starts the program with the relay and restarts it when it stops. Public URL is the address your server exposes.</source>
        <translation>DingRelay 会随中继服务一起启动这个程序，程序退出后自动重启。“公网地址”填你的服务器对外提供的地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Empty: read from the program&apos;s output</source>
        <translation>留空：从程序的输出中读取</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Another program already uses port %1. Choose another port, or stop that program.</source>
        <translation>端口 %1 已被其他程序占用。请换一个端口，或者先停止那个程序。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The relay cannot listen on %1 port %2: %3</source>
        <translation>中继服务无法在 %1 的 %2 端口上监听：%3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter an IP address, such as 127.0.0.1 or 0.0.0.0.</source>
        <translation>请输入 IP 地址，例如 127.0.0.1 或 0.0.0.0。</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/RelayPage.h" line="+26"/>
        <source>Relay and tunnel</source>
        <translation>中继与内网穿透</translation>
    </message>
</context>
<context>
    <name>RobotEditor</name>
    <message>
        <location filename="../app/gui/settings/RobotEditor.cpp" line="+66"/>
        <location line="+118"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Also post through a group&apos;s custom robot &amp;webhook</source>
        <translation>同时通过群自定义机器人的 Webhook 发送(&amp;W)</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+109"/>
        <source>Letters, digits, &apos;-&apos; and &apos;_&apos;. It names the robot&apos;s secrets and its callback path.</source>
        <translation>字母、数字、“-”和“_”。机器人的密钥和回调路径都以它命名。</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>HTTP callbacks: DingTalk calls this relay</source>
        <translation>HTTP 回调：由钉钉调用本中继服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stream mode: the relay connects to DingTalk</source>
        <translation>Stream 模式：由中继服务连接钉钉</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>dingxxxxxxxxxxxxxxxx</source>
        <translation>dingxxxxxxxxxxxxxxxx</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copy the callback URL, to paste it into the DingTalk developer console</source>
        <translation>复制回调地址，粘贴到钉钉开发者后台</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The conversation&apos;s session webhook (recommended)</source>
        <translation>会话的 sessionWebhook（推荐）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The robot OpenAPI (needs the Client ID)</source>
        <translation>机器人 OpenAPI（需要 Client ID）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A group&apos;s custom robot webhook only</source>
        <translation>只用群自定义机器人的 Webhook</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Separated by commas; at most 10</source>
        <translation>用逗号分隔，最多 10 个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: the system prompt from the Model section</source>
        <translation>留空：使用“模型”页的系统提示词</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Empty: the model from the Model section</source>
        <translation>留空：使用“模型”页的模型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Empty: answers arrive as markdown messages</source>
        <translation>留空：以 Markdown 消息回复</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card shows the answer so far at most this often. Each update is one call on the robot&apos;s monthly DingTalk API allowance.</source>
        <translation>卡片最多以此频率显示目前为止的回答。每次更新都计入机器人每月的钉钉 API 调用额度。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conn&amp;ection:</source>
        <translation>连接方式(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client &amp;ID (AppKey):</source>
        <translation>Client ID（AppKey）(&amp;I)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>App&amp;Secret:</source>
        <translation>AppSecret(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client sec&amp;ret:</source>
        <translation>Client Secret(&amp;R)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callback pat&amp;h:</source>
        <translation>回调路径(&amp;H)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callback &amp;URL:</source>
        <translation>回调地址(&amp;U)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answers &amp;go through:</source>
        <translation>回复发送方式(&amp;G)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Webhook &amp;token:</source>
        <translation>Webhook 令牌(&amp;T)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>We&amp;bhook signing secret:</source>
        <translation>Webhook 加签密钥(&amp;B)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keywords:</source>
        <translation>关键词(&amp;K)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System &amp;prompt:</source>
        <translation>系统提示词(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Robot&apos;s &amp;language:</source>
        <translation>机器人的语言(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;AI card template:</source>
        <translation>AI 卡片模板(&amp;A)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Card update inter&amp;val:</source>
        <translation>卡片更新间隔(&amp;V)：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A saved robot keeps its name: its secrets are stored under it. Add a new robot to use another name.</source>
        <translation>已保存的机器人不能改名，因为它的密钥是按名称保存的。要用别的名称，请新添加一个机器人。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Optional: only if it differs from the AppSecret</source>
        <translation>可选：仅在与 AppSecret 不同时填写</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>About %1 DingTalk API calls for an answer the model writes in 10 s, %2 for one of 30 s. Each call counts against the robot&apos;s monthly allowance.</source>
        <translation>模型用 10 秒写完的回答约需 %1 次钉钉 API 调用，30 秒的约需 %2 次。每次调用都计入机器人每月的额度。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The relay opens a connection to DingTalk: no public URL or tunnel is needed. Choose &quot;Stream mode&quot; for the robot in the DingTalk developer console.</source>
        <translation>中继服务会主动连接钉钉，不需要公网地址或内网穿透。请在钉钉开发者后台把机器人的消息接收模式设为“Stream 模式”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingTalk sends each message to the callback URL below, which must be reachable from the internet (see Relay and tunnel).</source>
        <translation>钉钉会把每条消息发到下面的回调地址，这个地址必须能从公网访问（见“中继与内网穿透”）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Known once the tunnel program has started</source>
        <translation>隧道程序启动后才能知道</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Give the robot a name: letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>请给机器人起个名字：字母、数字、“-”或“_”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A name may hold only letters, digits, &apos;-&apos; and &apos;_&apos;.</source>
        <translation>名称只能包含字母、数字、“-”和“_”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another robot already has this name.</source>
        <translation>已经有机器人叫这个名字了。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Robot &quot;%1&quot; already uses this path.</source>
        <translation>机器人“%1”已经在使用这个路径。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The path must start with &apos;/&apos;, for example /dingtalk/%1.</source>
        <translation>路径必须以“/”开头，例如 /dingtalk/%1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stream mode needs the Client ID (AppKey) from the app&apos;s page in the DingTalk developer console.</source>
        <translation>Stream 模式需要 Client ID（AppKey），可在钉钉开发者后台的应用页面找到。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answers through the OpenAPI need the Client ID (AppKey).</source>
        <translation>通过 OpenAPI 回复需要 Client ID（AppKey）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AI cards need the Client ID (AppKey).</source>
        <translation>AI 卡片需要 Client ID（AppKey）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the AppSecret (Client Secret) from the app&apos;s page in the DingTalk developer console: it checks that callbacks come from DingTalk.</source>
        <translation>请填写钉钉开发者后台应用页面上的 AppSecret（Client Secret），用来验证回调确实来自钉钉。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the Client Secret from the app&apos;s page in the DingTalk developer console.</source>
        <translation>请填写钉钉开发者后台应用页面上的 Client Secret。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paste the custom robot&apos;s webhook URL or its access_token.</source>
        <translation>请粘贴自定义机器人的 Webhook 地址或它的 access_token。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingTalk allows at most 10 keywords.</source>
        <translation>钉钉最多允许 10 个关键词。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A template id looks like 1a2b3c4d-….schema (from DingTalk&apos;s card platform).</source>
        <translation>模板 ID 形如 1a2b3c4d-….schema（来自钉钉卡片平台）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A custom robot webhook cannot send cards.</source>
        <translation>自定义机器人的 Webhook 不能发送卡片。</translation>
    </message>
</context>
<context>
    <name>RobotStep</name>
    <message>
        <location filename="../app/gui/wizard/RobotStep.cpp" line="+39"/>
        <source>S&amp;tream mode (recommended)</source>
        <translation>Stream 模式（推荐）(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;HTTP callbacks</source>
        <translation>HTTP 回调(&amp;H)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The DingTalk robot</source>
        <translation>钉钉机器人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create the robot in DingTalk&apos;s developer console, then copy its credentials here.</source>
        <translation>在钉钉开发者后台创建机器人，然后把它的凭证复制到这里。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>dingxxxxxxxxxxxxxxxx</source>
        <translation>dingxxxxxxxxxxxxxxxx</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>How DingTalk delivers messages</source>
        <translation>钉钉如何把消息送过来</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingRelay connects to DingTalk itself: no public address, tunnel or server is needed.</source>
        <translation>由 DingRelay 主动连接钉钉：不需要公网地址、内网穿透或服务器。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingTalk calls a public URL of this relay: it needs a tunnel or a server of your own.</source>
        <translation>由钉钉调用本中继服务的公网地址：需要内网穿透或你自己的服务器。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>In DingTalk&apos;s developer console</source>
        <translation>在钉钉开发者后台</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Client &amp;ID (AppKey):</source>
        <translation>Client ID（AppKey）(&amp;I)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client &amp;Secret (AppSecret):</source>
        <translation>Client Secret（AppSecret）(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client &amp;Secret:</source>
        <translation>Client Secret(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback &amp;URL:</source>
        <translation>回调地址(&amp;U)：</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Under &lt;b&gt;Message receiving mode&lt;/b&gt; (消息接收模式) choose &lt;b&gt;Stream mode&lt;/b&gt;, then &lt;b&gt;Publish&lt;/b&gt;.</source>
        <translation>在&lt;b&gt;消息接收模式&lt;/b&gt;中选择 &lt;b&gt;Stream 模式&lt;/b&gt;，然后点击&lt;b&gt;发布&lt;/b&gt;。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Under &lt;b&gt;Message receiving mode&lt;/b&gt; (消息接收模式) choose &lt;b&gt;HTTP mode&lt;/b&gt;, paste the &lt;b&gt;Callback URL&lt;/b&gt; below as the message receiving address, then &lt;b&gt;Publish&lt;/b&gt;.</source>
        <translation>在&lt;b&gt;消息接收模式&lt;/b&gt;中选择 &lt;b&gt;HTTP 模式&lt;/b&gt;，把下面的&lt;b&gt;回调地址&lt;/b&gt;粘贴为消息接收地址，然后点击&lt;b&gt;发布&lt;/b&gt;。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;ol&gt;&lt;li&gt;Open &lt;a href=&quot;https://open-dev.dingtalk.com&quot;&gt;open-dev.dingtalk.com&lt;/a&gt; and sign in with an account that may create apps for your organisation.&lt;/li&gt;&lt;li&gt;Choose &lt;b&gt;App development&lt;/b&gt; (应用开发) › &lt;b&gt;Create app&lt;/b&gt; (创建应用), and give it the name people will see.&lt;/li&gt;&lt;li&gt;In the app, choose &lt;b&gt;Add app capability&lt;/b&gt; (添加应用能力) › &lt;b&gt;Robot&lt;/b&gt; (机器人) and fill in its name and description.&lt;/li&gt;&lt;li&gt;%1&lt;/li&gt;&lt;li&gt;Open &lt;b&gt;Credentials and basic info&lt;/b&gt; (凭证与基础信息) and copy the &lt;b&gt;Client ID&lt;/b&gt; and the &lt;b&gt;Client Secret&lt;/b&gt; into the fields below.&lt;/li&gt;&lt;li&gt;Under &lt;b&gt;Version management&lt;/b&gt; (版本管理与发布), publish a version so people in your organisation can find the robot.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;ol&gt;&lt;li&gt;打开 &lt;a href=&quot;https://open-dev.dingtalk.com&quot;&gt;open-dev.dingtalk.com&lt;/a&gt;，用有权为本组织创建应用的账号登录。&lt;/li&gt;&lt;li&gt;选择&lt;b&gt;应用开发&lt;/b&gt; › &lt;b&gt;创建应用&lt;/b&gt;，填写同事们会看到的应用名称。&lt;/li&gt;&lt;li&gt;在应用中选择&lt;b&gt;添加应用能力&lt;/b&gt; › &lt;b&gt;机器人&lt;/b&gt;，填写机器人的名称和简介。&lt;/li&gt;&lt;li&gt;%1&lt;/li&gt;&lt;li&gt;打开&lt;b&gt;凭证与基础信息&lt;/b&gt;，把 &lt;b&gt;Client ID&lt;/b&gt; 和 &lt;b&gt;Client Secret&lt;/b&gt; 复制到下面的输入框。&lt;/li&gt;&lt;li&gt;在&lt;b&gt;版本管理与发布&lt;/b&gt;中发布一个版本，组织里的同事就能找到这个机器人了。&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Known once the tunnel program has started</source>
        <translation>隧道程序启动后才能知道</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This address works only on this computer. The next page makes it reachable for DingTalk and shows the address to paste instead.</source>
        <translation>这个地址只在本机有效。下一页会让钉钉能访问到它，并显示真正需要粘贴的地址。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste this address into the console. It comes from the tunnel set up on the next page.</source>
        <translation>把这个地址粘贴到开发者后台。它来自下一页设置的内网穿透。</translation>
    </message>
</context>
<context>
    <name>RobotsPage</name>
    <message>
        <location filename="../app/gui/settings/RobotsPage.cpp" line="+37"/>
        <source>A&amp;dd robot</source>
        <translation>添加机器人(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remo&amp;ve</source>
        <translation>删除(&amp;V)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Robot</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connection</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answers through</source>
        <translation>回复方式</translation>
    </message>
    <message>
        <location line="+8"/>
        <location filename="../app/gui/settings/RobotsPage.h" line="+19"/>
        <source>Robots</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The selected robot</source>
        <translation>选中的机器人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Failed deliveries go to:</source>
        <translation>发送失败通知到(&amp;F)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A robot with a custom webhook can tell its group when an answer could not be delivered.</source>
        <translation>配置了自定义 Webhook 的机器人可以在回复发送失败时通知它所在的群。</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>HTTP callbacks</source>
        <translation>HTTP 回调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OpenAPI</source>
        <translation>OpenAPI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom webhook</source>
        <translation>自定义 Webhook</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session webhook</source>
        <translation>sessionWebhook</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, custom webhook</source>
        <translation>，自定义 Webhook</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Nobody (only the log and a desktop notice)</source>
        <translation>不通知（只记日志并弹出桌面通知）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The group of robot &quot;%1&quot;</source>
        <translation>机器人“%1”所在的群</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <location filename="../app/gui/settings/SecretField.cpp" line="+30"/>
        <location line="+6"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Show what you typed (a stored secret is never shown)</source>
        <translation>显示你输入的内容（已保存的密钥永远不会显示）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the stored value from the keychain when you save</source>
        <translation>保存时从密钥环中删除已保存的值</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Will be removed from the keychain when you save</source>
        <translation>保存时将从密钥环中删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stored in the keychain; type to replace it</source>
        <translation>已保存在密钥环中；输入新值即可替换</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The keychain cannot be read</source>
        <translation>无法读取密钥环</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the keychain…</source>
        <translation>正在检查密钥环…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 is set and overrides the keychain.</source>
        <translation>已设置环境变量 %1，它优先于密钥环。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../app/gui/settings/SettingsDialog.cpp" line="+42"/>
        <source>DingRelay Settings</source>
        <translation>DingRelay 设置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sections</source>
        <translation>分类</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Setup wi&amp;zard…</source>
        <translation>设置向导(&amp;Z)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set up the model, a robot and the tunnel step by step, with a test at the end. Changes not applied here are dropped.</source>
        <translation>一步步设置模型、机器人和内网穿透，最后做一次完整测试。这里尚未应用的修改会被丢弃。</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>The settings file has problems</source>
        <translation>设置文件有问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>
Saving writes the values shown here; fix the rest in %1.</source>
        <translation>
保存时会写入这里显示的值；其余问题请在 %1 中修改。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Something in this section needs your attention.</source>
        <translation>此页中有需要你处理的内容。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Correct the fields marked in red to save (%1).</source>
        <translation>请先修改标红的项再保存（%1）。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The system keychain cannot be reached</source>
        <translation>无法访问系统密钥环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1
Secrets can be neither checked nor saved until it can: unlock your keyring (log out and in again, or open Passwords and Keys), or start a Secret Service such as GNOME Keyring, then open Settings again. Settings that are not secrets can still be saved. DingRelay never writes secrets to a file instead.</source>
        <translation>%1
在此之前，密钥既无法检查也无法保存：请解锁密钥环（注销后重新登录，或打开“密码和密钥”），或启动 GNOME 密钥环等 Secret Service 服务，然后重新打开“设置”。密钥以外的设置仍然可以保存。DingRelay 绝不会改把密钥写进文件。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Nothing was saved: correct the fields marked in red.</source>
        <translation>未保存：请修改标红的项。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>SettingsSaver</name>
    <message>
        <location filename="../app/gui/settings/SettingsSaver.cpp" line="+33"/>
        <source>Start at login could not be changed: %1</source>
        <translation>无法更改开机自启动：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A removed secret is still in the keychain: %1</source>
        <translation>已删除的密钥仍留在钥匙串中：%1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Nothing was saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing was saved: the keychain did not take the secrets.
%1</source>
        <translation>未保存：钥匙串没有接受这些密钥。
%1</translation>
    </message>
</context>
<context>
    <name>StatusWindow</name>
    <message>
        <location filename="../app/gui/StatusWindow.cpp" line="+19"/>
        <source>Callback URLs</source>
        <translation>回调地址</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;History…</source>
        <translation>历史记录(&amp;H)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;unnel output…</source>
        <translation>隧道输出(&amp;U)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DingRelay</source>
        <translation>DingRelay</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Notices</source>
        <translation>通知</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Test console…</source>
        <translation>测试控制台(&amp;T)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>St&amp;op relay</source>
        <translation>停止中继(&amp;O)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>St&amp;art relay</source>
        <translation>启动中继(&amp;A)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the callback URL of robot %1</source>
        <translation>复制机器人 %1 的回调地址</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Nothing needs your attention.</source>
        <translation>一切正常，没有需要处理的事。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1  %2 — %3</source>
        <translation>%1  %2 — %3</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The history window is not part of this version yet.</source>
        <translation>这个版本还没有历史记录窗口。</translation>
    </message>
</context>
<context>
    <name>TestConsoleWindow</name>
    <message>
        <location filename="../app/gui/TestConsoleWindow.cpp" line="+76"/>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DingRelay test console</source>
        <translation>DingRelay 测试控制台</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Robot:</source>
        <translation>机器人(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send &amp;to:</source>
        <translation>发送到(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As &amp;user (staffId):</source>
        <translation>模拟用户（staffId）(&amp;U)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The sender&apos;s staffId: the robot&apos;s allow_senders and admins apply to it as they would to a DingTalk user.</source>
        <translation>发送人的 staffId：机器人的 allow_senders 和 admins 设置会像对待真实钉钉用户一样作用于它。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type a message as a DingTalk user would, then press Enter</source>
        <translation>像钉钉用户一样输入一条消息，然后按回车</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1 (Stream mode)</source>
        <translation>%1（Stream 模式）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (HTTP callback %2)</source>
        <translation>%1（HTTP 回调 %2）</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The relay is not running. Start it from the tray menu, then come back here.</source>
        <translation>中继服务没有运行。请先从托盘菜单启动它，再回到这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No robot is configured yet. Add one under Settings › Robots.</source>
        <translation>还没有配置机器人。请在“设置 › 机器人”中添加。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The relay, as if pushed over the Stream connection</source>
        <translation>中继服务（模拟通过 Stream 连接推送）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A Stream-mode robot has no callback URL: DingTalk pushes its messages over the connection DingRelay opens. The console hands your message to the relay as such a push, so it checks the model and the answer, not the connection itself. To test that, message the robot in DingTalk.</source>
        <translation>Stream 模式的机器人没有回调地址：钉钉通过 DingRelay 建立的连接推送消息。测试控制台会把你的消息当作这样一条推送交给中继服务，所以它检验的是模型和回复，而不是连接本身。要测试连接，请在钉钉里给机器人发消息。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This computer: %1</source>
        <translation>本机：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The public URL: %1</source>
        <translation>公网地址：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Messages are signed with the robot&apos;s AppSecret as DingTalk signs them. Set up a public URL to test the way in from the internet too.</source>
        <translation>消息会像钉钉一样用机器人的 AppSecret 签名。配置公网地址后，还可以测试从公网进来的链路。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Messages are signed with the robot&apos;s AppSecret as DingTalk signs them. Through the public URL they test the tunnel too.</source>
        <translation>消息会像钉钉一样用机器人的 AppSecret 签名。经由公网地址发送时，也会一并测试内网穿透。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the answer…</source>
        <translation>正在等待回复…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Title: %1</source>
        <translation>标题：%1</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>taken by the relay after %1 ms</source>
        <translation>%1 毫秒后中继服务接收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>callback acknowledged after %1 ms</source>
        <translation>%1 毫秒后回调得到确认</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>model&apos;s first words after %1 ms</source>
        <translation>%1 毫秒后模型开始输出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 parts delivered after %2 ms</source>
        <translation>%2 毫秒后送达 %1 段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>answer delivered after %1 ms</source>
        <translation>%1 毫秒后回复送达</translation>
    </message>
</context>
<context>
    <name>TestStep</name>
    <message>
        <location filename="../app/gui/wizard/TestStep.cpp" line="+31"/>
        <source>Callback &amp;URL:</source>
        <translation>回调地址(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Run the test again</source>
        <translation>重新测试(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test the whole chain</source>
        <translation>测试整条链路</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingRelay saves the settings, starts the relay and sends it a message as DingTalk would. The model&apos;s answer comes back here.</source>
        <translation>DingRelay 会保存设置、启动中继服务，并像钉钉一样给它发一条消息。模型的回答会显示在这里。</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Saving the settings…</source>
        <translation>正在保存设置…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Go back to the step concerned and correct it, then come back here to try again.</source>
        <translation>请回到相关的步骤修改，然后再回到这里重试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings saved to %1</source>
        <translation>设置已保存到 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starting the relay…</source>
        <translation>正在启动中继服务…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The relay did not start: %1</source>
        <translation>中继服务未能启动：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back and correct the settings it names. When another program uses the port, choose another one later under Settings › Relay and tunnel.</source>
        <translation>请返回修改提示中提到的设置。如果端口被其他程序占用，之后可以在“设置 › 中继与内网穿透”中换一个端口。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The relay runs at %1</source>
        <translation>中继服务已在 %1 运行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The relay did not start within %1 s.</source>
        <translation>中继服务在 %1 秒内没有启动。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the tray&apos;s tooltip for the reason, then run the test again.</source>
        <translation>请查看托盘图标的提示了解原因，然后重新测试。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Waiting for the tunnel to tell its public address…</source>
        <translation>正在等待内网穿透程序给出公网地址…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The tunnel&apos;s public address is %1</source>
        <translation>内网穿透的公网地址是 %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The tunnel did not tell a public address within %1 s.%2</source>
        <translation>内网穿透程序在 %1 秒内没有给出公网地址。%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go back and choose another tunnel, or check that the program works when you start it yourself.</source>
        <translation>请返回选择其他内网穿透方式，或者自己手动运行一下该程序，确认它能正常工作。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hello! This is a test from DingRelay&apos;s setup. Please answer in one short sentence.</source>
        <translation>你好！这是 DingRelay 设置向导发来的测试消息，请用一句话简短回答。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sending a message through %1, as DingTalk would…</source>
        <translation>正在像钉钉一样通过 %1 发送消息…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Handing the relay a message as DingTalk&apos;s Stream connection would…</source>
        <translation>正在像钉钉的 Stream 连接一样把消息交给中继服务…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending a signed message to the relay, as DingTalk would…</source>
        <translation>正在像钉钉一样向中继服务发送一条带签名的消息…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The test message could not be sent: %1</source>
        <translation>无法发送测试消息：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back and check the robot, then run the test again.</source>
        <translation>请返回检查机器人设置，然后重新测试。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open the Test console from the tray to try other messages, or go back and check the settings.</source>
        <translation>可以从托盘打开测试控制台试试其他消息，或者返回检查设置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingTalk cannot reach it either. Check that the tunnel or your server forwards %1 to this computer (port %2), or go back and choose another way.</source>
        <translation>钉钉也同样访问不到。请确认内网穿透或你的服务器把 %1 转发到了本机（端口 %2），或者返回选择其他方式。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The test message failed: %1</source>
        <translation>测试消息失败：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The relay works, but the model did not answer: %1</source>
        <translation>中继服务正常，但模型没有回答：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to the model step, correct the key or the model, and check it there.</source>
        <translation>请返回模型那一步，改正 Key 或模型，并在那里重新检查。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The robot answered in %1 s:</source>
        <translation>机器人在 %1 秒内回答了：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>DingTalk cannot reach this address from the internet yet: set up a tunnel under Settings › Relay and tunnel.</source>
        <translation>钉钉目前还无法从公网访问这个地址：请在“设置 › 中继与内网穿透”中设置内网穿透。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paste this callback URL into the robot&apos;s page in DingTalk&apos;s developer console, if it is not there yet.</source>
        <translation>如果还没有填，请把这个回调地址粘贴到钉钉开发者后台的机器人页面。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>How to fix it: %1</source>
        <translation>解决办法：%1</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../app/gui/TrayController.cpp" line="+22"/>
        <source>&amp;History…</source>
        <translation>历史记录(&amp;H)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Test console…</source>
        <translation>测试控制台(&amp;T)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;unnel output…</source>
        <translation>隧道输出(&amp;U)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the &amp;database</source>
        <translation>检查数据库(&amp;D)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Copy callback URL</source>
        <translation>复制回调地址(&amp;C)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;About DingRelay</source>
        <translation>关于 DingRelay(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit DingRelay</source>
        <translation>退出 DingRelay(&amp;Q)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Starting the relay…</source>
        <translation>正在启动中继服务…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>St&amp;op relay</source>
        <translation>停止中继(&amp;O)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>St&amp;art relay</source>
        <translation>启动中继(&amp;A)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No robot receives HTTP callbacks while the relay is stopped or only Stream-mode robots are configured.</source>
        <translation>中继服务停止时，或只配置了 Stream 模式的机器人时，没有机器人接收 HTTP 回调。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The history window is not part of this version yet.</source>
        <translation>这个版本还没有历史记录窗口。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No tunnel program is configured: tunnel/mode is none or fixed.</source>
        <translation>没有配置隧道程序：tunnel/mode 为 none 或 fixed。</translation>
    </message>
</context>
<context>
    <name>TunnelOutputWindow</name>
    <message>
        <location filename="../app/gui/TunnelOutputWindow.cpp" line="+30"/>
        <source>&amp;Copy all</source>
        <translation>全部复制(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DingRelay — Tunnel output</source>
        <translation>DingRelay — 隧道输出</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Tunnel program output</source>
        <translation>隧道程序输出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public URL:</source>
        <translation>公网地址：</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No tunnel program runs: the relay is stopped.</source>
        <translation>没有运行隧道程序：中继服务已停止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No tunnel program runs: tunnel/mode is none or fixed.</source>
        <translation>没有运行隧道程序：tunnel/mode 为 none 或 fixed。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tunnel program has printed nothing yet.</source>
        <translation>隧道程序尚未输出任何内容。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Not running: the relay is stopped.</source>
        <translation>未运行：中继服务已停止。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Off: %1</source>
        <translation>已关闭：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restarting: %1</source>
        <translation>正在重启：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running: %1</source>
        <translation>运行中：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 — checking reachability…</source>
        <translation>%1 — 正在检查可达性…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — reachability not checked yet</source>
        <translation>%1 — 尚未检查可达性</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 — reachable, checked %2</source>
        <translation>%1 — 可以访问，检查于 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 — not reachable (%2), checked %3</source>
        <translation>%1 — 无法访问（%2），检查于 %3</translation>
    </message>
</context>
<context>
    <name>TunnelStep</name>
    <message>
        <location filename="../app/gui/wizard/TunnelStep.cpp" line="+25"/>
        <source>No tunnel: this computer &amp;only</source>
        <translation>不使用内网穿透：仅限本机(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;My own public URL (a server or proxy forwards it)</source>
        <translation>我自己的公网地址（由服务器或代理转发）(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A tunnel &amp;program DingRelay starts</source>
        <translation>由 DingRelay 启动的内网穿透程序(&amp;P)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>How DingTalk reaches this computer</source>
        <translation>钉钉如何访问到这台电脑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingTalk&apos;s servers must be able to call the robot&apos;s callback URL from the internet.</source>
        <translation>钉钉的服务器必须能从公网调用机器人的回调地址。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>cloudflared quick tunnel (no account needed)</source>
        <translation>cloudflared 快速隧道（无需账号）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ngrok</source>
        <translation>ngrok</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: the token ngrok already has</source>
        <translation>留空：使用 ngrok 已配置的令牌</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Public U&amp;RL:</source>
        <translation>公网地址(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pro&amp;gram:</source>
        <translation>程序(&amp;G)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ngrok au&amp;thtoken:</source>
        <translation>ngrok 令牌(&amp;T)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Callback &amp;URL:</source>
        <translation>回调地址(&amp;U)：</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Enter the public address your server forwards to this computer, for example https://relay.example.com.</source>
        <translation>请填写你的服务器转发到本机的公网地址，例如 https://relay.example.com。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 is not installed on this computer. To fix it: %2.</source>
        <translation>本机没有安装 %1。解决办法：%2。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Only this computer reaches the relay. The test on the next page works, but DingTalk&apos;s messages will not arrive: choose this only if you forward the address yourself (for example with frp or ssh, set up later under Settings › Relay and tunnel).</source>
        <translation>只有本机能访问中继服务。下一页的测试可以通过，但钉钉的消息不会到达：只有在你自己转发这个地址时才选这一项（例如用 frp 或 ssh，之后可在“设置 › 中继与内网穿透”中设置）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your server forwards this address to the relay on this computer (port %1). The test on the next page goes through it.</source>
        <translation>你的服务器把这个地址转发到本机的中继服务（端口 %1）。下一页的测试会经过这个地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingRelay starts the program with the relay, restarts it when it stops, and reads the public address from its output. The test on the next page goes through it.</source>
        <translation>DingRelay 会随中继服务一起启动该程序，程序退出后自动重启，并从它的输出中读取公网地址。下一页的测试会经过这个地址。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Shown on the next page once the tunnel runs</source>
        <translation>内网穿透运行后会在下一页显示</translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message>
        <location filename="../app/gui/history/UsageChart.cpp" line="+86"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Others (%1)</source>
        <translation>其他（%1）</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>No messages in this period</source>
        <translation>这段时间没有消息</translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message>
        <location filename="../app/gui/history/UsagePage.cpp" line="+29"/>
        <location line="+20"/>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+20"/>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>per robot</source>
        <translation>按机器人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>per user</source>
        <translation>按用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in total</source>
        <translation>合计</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>last %n day(s)</source>
        <translation>
            <numerusform>最近 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Robot or user</source>
        <translation>机器人或用户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt tokens</source>
        <translation>输入 Token</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer tokens</source>
        <translation>输出 Token</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Could not read the usage: %1</source>
        <translation>无法读取用量：%1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n robot(s) or user(s)</source>
        <translation>
            <numerusform>%n 个机器人或用户</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomeStep</name>
    <message>
        <location filename="../app/gui/wizard/WelcomeStep.cpp" line="+12"/>
        <source>Welcome to DingRelay</source>
        <translation>欢迎使用 DingRelay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingRelay answers DingTalk messages with ChatGPT or another model.</source>
        <translation>DingRelay 用 ChatGPT 或其他大模型回答钉钉消息。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;p&gt;This takes about three minutes. Have at hand:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;an API key from your model provider (OpenAI, DeepSeek, Moonshot, DashScope, …), or Ollama running on this computer;&lt;/li&gt;&lt;li&gt;a DingTalk account that may create apps for your organisation (an admin or a developer), to make the robot in DingTalk&apos;s developer console.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The wizard checks the model with a real question, helps you create the robot, and finally sends a test message through the relay, as DingTalk would.&lt;/p&gt;&lt;p&gt;Secrets go to the system keychain, never to the settings file. Everything can be changed later under Settings.&lt;/p&gt;</source>
        <translation>&lt;p&gt;大约需要三分钟。请先准备好：&lt;/p&gt;&lt;ul&gt;&lt;li&gt;模型服务商（OpenAI、DeepSeek、Moonshot、通义千问 DashScope 等）的 API Key，或者在本机运行的 Ollama；&lt;/li&gt;&lt;li&gt;一个有权为本组织创建应用的钉钉账号（管理员或开发者），用来在钉钉开发者后台创建机器人。&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;向导会用一个真实的问题检查模型，帮你创建机器人，最后像钉钉一样通过中继服务发送一条测试消息。&lt;/p&gt;&lt;p&gt;密钥保存在系统钥匙串中，绝不会写进设置文件。所有内容之后都可以在“设置”中修改。&lt;/p&gt;</translation>
    </message>
</context>
</TS>
