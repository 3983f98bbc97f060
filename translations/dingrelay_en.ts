<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AboutBox</name>
    <message>
        <location filename="../app/gui/AboutBox.cpp" line="+13"/>
        <source>About DingRelay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>ChatGPT and other OpenAI-compatible models in your DingTalk robots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingRelay is free software under the GNU General Public License, version 3 or later (%1): you may use, study, change and share it. It comes with no warranty. The licence: &lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;gnu.org/licenses&lt;/a&gt;; installed, also /usr/share/doc/dingrelay/copyright.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It is made with:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../app/gui/settings/Banner.cpp" line="+22"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
</context>
<context>
    <name>CallbackUrlRow</name>
    <message>
        <location filename="../app/gui/wizard/CallbackUrlRow.cpp" line="+15"/>
        <location line="+16"/>
        <source>&amp;Copy</source>
        <translation type="unfinished">&amp;Copy</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Callback URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the callback URL, to paste it into the DingTalk developer console</source>
        <translation type="unfinished">Copy the callback URL, to paste it into the DingTalk developer console</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copied</source>
        <translation type="unfinished">Copied</translation>
    </message>
</context>
<context>
    <name>ConversationsPage</name>
    <message>
        <location filename="../app/gui/settings/ConversationsPage.cpp" line="+58"/>
        <source>&amp;Hide the model&apos;s reasoning (&lt;think&gt; blocks) in DingTalk</source>
        <translation>&amp;Hide the model&apos;s reasoning (&lt;think&gt; blocks) in DingTalk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add &amp;persona</source>
        <translation>Add &amp;persona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;move persona</source>
        <translation>Re&amp;move persona</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Also answer people &amp;outside the organisation</source>
        <translation>Also answer people &amp;outside the organisation</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>None: every question stands alone</source>
        <translation>None: every question stands alone</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What the model&apos;s window allows</source>
        <translation>What the model&apos;s window allows</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+54"/>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Empty: /model cannot switch</source>
        <translation>Empty: /model cannot switch</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Personas</source>
        <translation>Personas</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Double-click a name or description to change it; the prompt is edited below the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What the model is told when a conversation chooses this persona; it may have several lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each sender has their own, also in groups</source>
        <translation>Each sender has their own, also in groups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A group shares one conversation</source>
        <translation>A group shares one conversation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off: every question stands alone</source>
        <translation>Off: every question stands alone</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The robot&apos;s names, cut from &quot;@name&quot; in groups</source>
        <translation>The robot&apos;s names, cut from &quot;@name&quot; in groups</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Empty: the list above</source>
        <translation>Empty: the list above</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>staffIds; empty: everyone in the organisation</source>
        <translation>staffIds; empty: everyone in the organisation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>conversationIds; empty: every conversation</source>
        <translation>conversationIds; empty: every conversation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>staffIds: always allowed, no daily limits</source>
        <translation>staffIds: always allowed, no daily limits</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+5"/>
        <source>No limit</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location line="-4"/>
        <source> questions</source>
        <translation> questions</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Context</source>
        <translation>Context</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Earlier &amp;turns sent along:</source>
        <translation>Earlier &amp;turns sent along:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Token &amp;budget:</source>
        <translation>Token &amp;budget:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>/model may &amp;switch to:</source>
        <translation>/model may &amp;switch to:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Personas for /persona</source>
        <translation>Personas for /persona</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>S&amp;elected persona&apos;s prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who may talk to a robot, and how much</source>
        <translation>Who may talk to a robot, and how much</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Robot:</source>
        <translation>&amp;Robot:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conte&amp;xt:</source>
        <translation>Conte&amp;xt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Names in groups:</source>
        <translation>&amp;Names in groups:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Allowed senders:</source>
        <translation>&amp;Allowed senders:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allowed &amp;conversations:</source>
        <translation>Allowed &amp;conversations:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;dmins:</source>
        <translation>A&amp;dmins:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Questions a day per person:</source>
        <translation>&amp;Questions a day per person:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To&amp;kens a day per person:</source>
        <translation>To&amp;kens a day per person:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its mode&amp;ls for /model:</source>
        <translation>Its mode&amp;ls for /model:</translation>
    </message>
    <message>
        <location line="+199"/>
        <source>persona%1</source>
        <translation>persona%1</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>A persona needs a name: the word /persona is typed with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;%1&quot; is too long: a persona&apos;s name has at most %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&quot;%1&quot;: a persona&apos;s name is one word of letters (Chinese too), digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&quot;%1&quot; is there twice.</source>
        <translation>&quot;%1&quot; is there twice.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;%1&quot; needs a prompt: what the model is told.</source>
        <translation>&quot;%1&quot; needs a prompt: what the model is told.</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/ConversationsPage.h" line="+24"/>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
</context>
<context>
    <name>DoneStep</name>
    <message>
        <location filename="../app/gui/wizard/DoneStep.cpp" line="+15"/>
        <source>DingRelay is set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happens now, and where to find things.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&lt;li&gt;In DingTalk&apos;s developer console, publish a version of the app so people can find the robot, then message it or add it to a group.&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;li&gt;In DingTalk&apos;s developer console, check that the robot&apos;s message address is the callback URL, publish a version of the app, then message the robot or add it to a group.&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;p&gt;The relay runs in the background while DingRelay is open.&lt;/p&gt;&lt;ul&gt;%1&lt;li&gt;The tray icon (or the status window) shows whether all is well and offers the History, the Test console and Settings.&lt;/li&gt;&lt;li&gt;To run this wizard again, open Settings and choose Setup wizard.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../app/gui/wizard/FirstRunWizard.cpp" line="+26"/>
        <source>Set up DingRelay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt; B&amp;ack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Next &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <location filename="../app/gui/settings/GeneralPage.cpp" line="+23"/>
        <source>&amp;Start DingRelay when I log in</source>
        <translation>&amp;Start DingRelay when I log in</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The system&apos;s language</source>
        <translation>The system&apos;s language</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Forever</source>
        <translation>Forever</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The app</source>
        <translation>The app</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The language of DingRelay&apos;s windows, used from the next start. Each robot&apos;s own language is set under Robots.</source>
        <translation>The language of DingRelay&apos;s windows, used from the next start. Each robot&apos;s own language is set under Robots.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>History and data</source>
        <translation>History and data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keep messages for:</source>
        <translation>&amp;Keep messages for:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Data folder:</source>
        <translation>&amp;Data folder:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database with every conversation. A new folder takes effect when the relay restarts.</source>
        <translation>The database with every conversation. A new folder takes effect when the relay restarts.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Settings &amp;file:</source>
        <translation>Settings &amp;file:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose the data folder</source>
        <translation>Choose the data folder</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Choose a folder for the database.</source>
        <translation>Choose a folder for the database.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the folder&apos;s full path.</source>
        <translation>Enter the folder&apos;s full path.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is a file, not a folder.</source>
        <translation>This is a file, not a folder.</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/GeneralPage.h" line="+19"/>
        <source>General</source>
        <translation>General</translation>
    </message>
</context>
<context>
    <name>GuiApp</name>
    <message>
        <location filename="../app/gui/GuiApp.cpp" line="+104"/>
        <source>Edit the config file for now: %1</source>
        <translation>Edit the config file for now: %1</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Starting the relay…</source>
        <translation>Starting the relay…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finishing the answers in hand, then quitting…</source>
        <translation>Finishing the answers in hand, then quitting…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finishing the answers in hand…</source>
        <translation>Finishing the answers in hand…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The relay is stopped: DingTalk messages wait until it runs again.</source>
        <translation>The relay is stopped: DingTalk messages wait until it runs again.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The model refuses the API key: %1</source>
        <translation>The model refuses the API key: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model&apos;s quota is used up: %1</source>
        <translation>The model&apos;s quota is used up: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model calls fail: %1</source>
        <translation>Model calls fail: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The keychain is locked: %1</source>
        <translation>The keychain is locked: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The tunnel is down: %1</source>
        <translation>The tunnel is down: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Robot %1: DingTalk refused an answer: %2</source>
        <translation>Robot %1: DingTalk refused an answer: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Robot %1: the Stream connection failed: %2</source>
        <translation>Robot %1: the Stream connection failed: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Robot %1: %2</source>
        <translation>Robot %1: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No robot is configured yet: add one under Settings.</source>
        <translation>No robot is configured yet: add one under Settings.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Messages cannot be stored: %1</source>
        <translation>Messages cannot be stored: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database is damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Serving %1 for one robot.</source>
        <translation>Serving %1 for one robot.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serving %1 for %2 robots.</source>
        <translation>Serving %1 for %2 robots.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Public URL: %1</source>
        <translation>Public URL: %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No database to check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>There is no %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The database could not be checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database is sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SQLite&apos;s integrity check found no damage in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Callback URL copied</source>
        <translation>Callback URL copied</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <location filename="../app/gui/history/HistoryWindow.cpp" line="+51"/>
        <source>DingRelay — History</source>
        <translation>DingRelay — History</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export history</source>
        <translation>Export history</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The history cannot be opened:
%1</source>
        <translation>The history cannot be opened:
%1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Usage</source>
        <translation>Usage</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Export written.</source>
        <translation>Export written.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export cancelled; no file was written.</source>
        <translation>Export cancelled; no file was written.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export failed: %1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Search every message — English or 中文 (Enter opens a hit)</source>
        <translation>Search every message — English or 中文 (Enter opens a hit)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This conversation</source>
        <translation>This conversation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected conversations</source>
        <translation>Selected conversations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything</source>
        <translation>Everything</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> as Markdown…</source>
        <translation> as Markdown…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> as JSON…</source>
        <translation> as JSON…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected conversations</source>
        <translation>Delete the selected conversations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear all…</source>
        <translation>Clear all…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>any</source>
        <translation>any</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Robot</source>
        <translation>Robot</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Earlier messages</source>
        <translation>Earlier messages</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>All robots</source>
        <translation>All robots</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All chats</source>
        <translation>All chats</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Groups</source>
        <translation>Groups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1:1 chats</source>
        <translation>1:1 chats</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>&lt;b&gt;Conversation %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Conversation %1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>robot %1</source>
        <translation>robot %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No message contains “%1”.</source>
        <translation>No message contains “%1”.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages containing “%1”, newest first%2.</source>
        <translation>Messages containing “%1”, newest first%2.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (scroll for more)</source>
        <translation> (scroll for more)</translation>
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
        <translation>Exporting the history…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delete conversations</source>
        <translation>Delete conversations</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete %n conversation(s) and all their messages? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %n conversation and all its messages? This cannot be undone.</numerusform>
            <numerusform>Delete %n conversations and all their messages? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not delete: %1</source>
        <translation>Could not delete: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Deleted %n conversation(s).</source>
        <translation>
            <numerusform>Deleted %n conversation.</numerusform>
            <numerusform>Deleted %n conversations.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Clear the history</source>
        <translation>Clear the history</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete every conversation and message DingRelay has stored? Usage figures go too. This cannot be undone.</source>
        <translation>Delete every conversation and message DingRelay has stored? Usage figures go too. This cannot be undone.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>unknown error</source>
        <translation>unknown error</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clearing the history…</source>
        <translation>Clearing the history…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The history is empty.</source>
        <translation>The history is empty.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not clear the history: %1</source>
        <translation>Could not clear the history: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n conversation(s) shown</source>
        <translation>
            <numerusform>%n conversation shown</numerusform>
            <numerusform>%n conversations shown</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (more as you scroll)</source>
        <translation> (more as you scroll)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search: %1</source>
        <translation>Search: %1</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../app/gui/history/MessageView.cpp" line="+129"/>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⚠ Error</source>
        <translation>⚠ Error</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
</context>
<context>
    <name>ModelCheck</name>
    <message>
        <location filename="../app/core/openai/ModelCheck.cpp" line="+77"/>
        <source>The server could not be reached. Check the base URL, your network and the model proxy on the Network page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server did not answer in time. Check the base URL and the proxy, or try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server rejected the API key. Enter the key again, exactly as the provider shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server is rate limiting this key. Wait a minute and test again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account behind this key has no credit left. Top it up or use another key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server found the request too long; shorten the system prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server does not know this model. Pick one from the list (Fetch models).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused the request. Check the model name and the provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server had an internal error. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The answer was not an OpenAI-compatible chat completion. Check the base URL (it usually ends in /v1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The test was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy could not reach the server. Check the model proxy on the Network page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The proxy wants a user and password. Set them on the Network page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server&apos;s certificate is not trusted. Behind a corporate proxy, add its CA bundle on the Network page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
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
        <translation>Moonshot (Kimi)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alibaba DashScope (Qwen)</source>
        <translation>Alibaba DashScope (Qwen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ollama on this computer</source>
        <translation>Ollama on this computer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another OpenAI-compatible server</source>
        <translation>Another OpenAI-compatible server</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Fetch models</source>
        <translation>&amp;Fetch models</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Test the model</source>
        <translation>&amp;Test the model</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Enter the API key from your provider&apos;s console.</source>
        <translation>Enter the API key from your provider&apos;s console.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ask the provider which models this key can use</source>
        <translation>Ask the provider which models this key can use</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+4"/>
        <source>Provider default</source>
        <translation>Provider default</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>The longest answer the model may write. DingRelay also keeps this much of the context window free for the answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Known from the model&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many tokens the model takes, the prompt and the answer together. DingRelay sends as much of the conversation as fits, less the answer&apos;s reserve. OpenAI&apos;s models are known by their name; any other model is given 8,192 tokens unless you enter its window here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>By the model&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cl100k_base (GPT-4, GPT-3.5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimate: one token per byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How DingRelay counts tokens, to fit the conversation into the context window and for daily token limits. OpenAI&apos;s models are counted exactly by their name; choose an encoding for another model that uses one of them. The estimate counts every UTF-8 byte as a token: never too few, three to five times too many.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What the model is told before every conversation</source>
        <translation>What the model is told before every conversation</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: the model name</source>
        <translation>Empty: the model name</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Provider:</source>
        <translation>&amp;Provider:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Base URL:</source>
        <translation>&amp;Base URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API &amp;key:</source>
        <translation>API &amp;key:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Model:</source>
        <translation>&amp;Model:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deplo&amp;yment:</source>
        <translation>Deplo&amp;yment:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API &amp;version:</source>
        <translation>API &amp;version:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;emperature:</source>
        <translation>T&amp;emperature:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer &amp;length:</source>
        <translation>Answer &amp;length:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context &amp;window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;okenizer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;System prompt:</source>
        <translation>&amp;System prompt:</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Enter the server&apos;s address, for example https://api.example.com/v1.</source>
        <translation>Enter the server&apos;s address, for example https://api.example.com/v1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This is not a web address: it must start with https:// or http:// and name a server.</source>
        <translation>This is not a web address: it must start with https:// or http:// and name a server.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not needed for this provider</source>
        <translation>Not needed for this provider</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a model, or type its name.</source>
        <translation>Choose a model, or type its name.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The answer&apos;s reserve (%1 tokens) takes the whole window: no earlier turns are sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 takes %2 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not known for %1: %2 tokens are assumed. Enter the model&apos;s window if it is larger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Every UTF-8 byte counts as a token: less of the conversation fits, and daily token limits are reached sooner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is counted exactly, with %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No tokenizer is known for %1: every UTF-8 byte counts as a token, an over-estimate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Asking the provider for its models…</source>
        <translation>Asking the provider for its models…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The model list could not be fetched: %1</source>
        <translation>The model list could not be fetched: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>One model available.</source>
        <translation>One model available.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 models available.</source>
        <translation>%1 models available.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider does not list &quot;%1&quot;; check the name.</source>
        <translation>The provider does not list &quot;%1&quot;; check the name.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Sending a short question to %1…</source>
        <translation>Sending a short question to %1…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>✘ Enter the API key first.</source>
        <translation>✘ Enter the API key first.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ The API key could not be read: %1</source>
        <translation>✘ The API key could not be read: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>✔ %1 answered in %2 s: “%3”</source>
        <translation>✔ %1 answered in %2 s: “%3”</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/ModelPage.h" line="+25"/>
        <source>Model</source>
        <translation>Model</translation>
    </message>
</context>
<context>
    <name>ModelStep</name>
    <message>
        <location filename="../app/gui/wizard/ModelStep.cpp" line="+17"/>
        <source>Continue without a &amp;working model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your provider and enter its API key. Next asks the model a short question to check that it answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The robot will answer every message with an error until the model works. Fix it later under Settings › Model.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <location filename="../app/gui/settings/NetworkPage.cpp" line="+19"/>
        <source>To the model provider</source>
        <translation>To the model provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To DingTalk</source>
        <translation>To DingTalk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Empty: only the system&apos;s certificate authorities</source>
        <translation>Empty: only the system&apos;s certificate authorities</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Answers to DingTalk and calls to the model can each take their own way out. Certificates are always verified.</source>
        <translation>Answers to DingTalk and calls to the model can each take their own way out. Certificates are always verified.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trusted certificates</source>
        <translation>Trusted certificates</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Extra &amp;CA bundle:</source>
        <translation>Extra &amp;CA bundle:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A PEM file with the CA of a corporate TLS proxy, trusted in addition to the system&apos;s.</source>
        <translation>A PEM file with the CA of a corporate TLS proxy, trusted in addition to the system&apos;s.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Choose a CA bundle</source>
        <translation>Choose a CA bundle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/NetworkPage.h" line="+17"/>
        <source>Network</source>
        <translation>Network</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <location filename="../app/gui/Notifier.cpp" line="+35"/>
        <source>The model refuses the API key</source>
        <translation>The model refuses the API key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a valid key under Settings › Model. (%1)</source>
        <translation>Enter a valid key under Settings › Model. (%1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model&apos;s quota is used up</source>
        <translation>The model&apos;s quota is used up</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add credit at your provider or use another key. (%1)</source>
        <translation>Add credit at your provider or use another key. (%1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model call is set up wrongly</source>
        <translation>The model call is set up wrongly</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the model, proxy and certificates under Settings. (%1)</source>
        <translation>Check the model, proxy and certificates under Settings. (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The keychain is locked</source>
        <translation>The keychain is locked</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlock your login keychain, then start the relay again. (%1)</source>
        <translation>Unlock your login keychain, then start the relay again. (%1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingTalk cannot reach the relay</source>
        <translation>DingTalk cannot reach the relay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tunnel is down: %1</source>
        <translation>The tunnel is down: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingTalk refused an answer</source>
        <translation>DingTalk refused an answer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Robot %1: %2</source>
        <translation>Robot %1: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A Stream connection failed</source>
        <translation>A Stream connection failed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Robot %1: %2. Check its client id and secret.</source>
        <translation>Robot %1: %2. Check its client id and secret.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingRelay cannot store messages</source>
        <translation>DingRelay cannot store messages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingTalk keeps them until it can: %1</source>
        <translation>DingTalk keeps them until it can: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New message for %1</source>
        <translation>New message for %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(1 more like this since the last notice)</source>
        <translation>(1 more like this since the last notice)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(%1 more like this since the last notice)</source>
        <translation>(%1 more like this since the last notice)</translation>
    </message>
</context>
<context>
    <name>ProxyEditor</name>
    <message>
        <location filename="../app/gui/settings/ProxyEditor.cpp" line="+29"/>
        <source>Direct connection</source>
        <translation>Direct connection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system&apos;s proxy settings</source>
        <translation>The system&apos;s proxy settings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HTTP proxy</source>
        <translation>HTTP proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SOCKS5 proxy</source>
        <translation>SOCKS5 proxy</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Empty: no login</source>
        <translation>Empty: no login</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the proxy user&apos;s password.</source>
        <translation>Enter the proxy user&apos;s password.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;onnect:</source>
        <translation>C&amp;onnect:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Co&amp;nnect:</source>
        <translation>Co&amp;nnect:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hos&amp;t:</source>
        <translation>Hos&amp;t:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Po&amp;rt:</source>
        <translation>Po&amp;rt:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Us&amp;er:</source>
        <translation>Us&amp;er:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;word:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Passwor&amp;d:</source>
        <translation>Passwor&amp;d:</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Enter the proxy&apos;s host name or IP address.</source>
        <translation>Enter the proxy&apos;s host name or IP address.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the proxy&apos;s port, from 1 to 65535.</source>
        <translation>Enter the proxy&apos;s port, from 1 to 65535.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/gui/history/MessageView.cpp" line="-104"/>
        <source>%1 in + %2 out tokens</source>
        <translation>%1 in + %2 out tokens</translation>
    </message>
</context>
<context>
    <name>RelayPage</name>
    <message>
        <location filename="../app/gui/settings/RelayPage.cpp" line="+51"/>
        <source>Sho&amp;w output…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Any free port</source>
        <translation>Any free port</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None: this computer only, or Stream mode robots</source>
        <translation>None: this computer only, or Stream mode robots</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A public URL I run myself (frp, nginx, a cloud host)</source>
        <translation>A public URL I run myself (frp, nginx, a cloud host)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A tunnel program DingRelay starts</source>
        <translation>A tunnel program DingRelay starts</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cloudflared quick tunnel (no account needed)</source>
        <translation>cloudflared quick tunnel (no account needed)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ngrok</source>
        <translation>ngrok</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>frpc with my frp server</source>
        <translation>frpc with my frp server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ssh -R to my server</source>
        <translation>ssh -R to my server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another program (a command line)</source>
        <translation>Another program (a command line)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Empty: found on PATH</source>
        <translation>Empty: found on PATH</translation>
    </message>
    <message>
        <location line="+19"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only at start and on demand</source>
        <translation>Only at start and on demand</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The relay on this computer</source>
        <translation>The relay on this computer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Listen on:</source>
        <translation>&amp;Listen on:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>127.0.0.1 accepts only this computer (a tunnel forwards to it); 0.0.0.0 accepts every network.</source>
        <translation>127.0.0.1 accepts only this computer (a tunnel forwards to it); 0.0.0.0 accepts every network.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How DingTalk reaches it</source>
        <translation>How DingTalk reaches it</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Tunnel:</source>
        <translation>&amp;Tunnel:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The tunnel program&apos;s recent output, secrets masked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Public &amp;URL:</source>
        <translation>Public &amp;URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pro&amp;gram:</source>
        <translation>Pro&amp;gram:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Server (ssh):</source>
        <translation>&amp;Server (ssh):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port on the ser&amp;ver:</source>
        <translation>Port on the ser&amp;ver:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>frpc &amp;config file:</source>
        <translation>frpc &amp;config file:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co&amp;mmand:</source>
        <translation>Co&amp;mmand:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL patter&amp;n:</source>
        <translation>URL patter&amp;n:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xtra arguments:</source>
        <translation>E&amp;xtra arguments:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Program pat&amp;h:</source>
        <translation>Program pat&amp;h:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tunnel t&amp;oken:</source>
        <translation>Tunnel t&amp;oken:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check reachabilit&amp;y every:</source>
        <translation>Check reachabilit&amp;y every:</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+81"/>
        <source>DingTalk cannot reach HTTP-callback robots from the internet. Stream mode robots work without a tunnel.</source>
        <translation>DingTalk cannot reach HTTP-callback robots from the internet. Stream mode robots work without a tunnel.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your own server forwards this URL to the relay. DingRelay checks from time to time that it really arrives here.</source>
        <translation>Your own server forwards this URL to the relay. DingRelay checks from time to time that it really arrives here.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingRelay starts the program with the relay, restarts it when it stops, and reads the public URL from its output (leave Public URL empty).</source>
        <translation>DingRelay starts the program with the relay, restarts it when it stops, and reads the public URL from its output (leave Public URL empty).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingRelay starts the program with the relay and restarts it when it stops. Public URL is the address your server exposes.</source>
        <translation>DingRelay starts the program with the relay and restarts it when it stops. Public URL is the address your server exposes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Empty: read from the program&apos;s output</source>
        <translation>Empty: read from the program&apos;s output</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Another program already uses port %1. Choose another port, or stop that program.</source>
        <translation>Another program already uses port %1. Choose another port, or stop that program.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The relay cannot listen on %1 port %2: %3</source>
        <translation>The relay cannot listen on %1 port %2: %3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter an IP address, such as 127.0.0.1 or 0.0.0.0.</source>
        <translation>Enter an IP address, such as 127.0.0.1 or 0.0.0.0.</translation>
    </message>
    <message>
        <location filename="../app/gui/settings/RelayPage.h" line="+26"/>
        <source>Relay and tunnel</source>
        <translation>Relay and tunnel</translation>
    </message>
</context>
<context>
    <name>RobotEditor</name>
    <message>
        <location filename="../app/gui/settings/RobotEditor.cpp" line="+66"/>
        <location line="+118"/>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Also post through a group&apos;s custom robot &amp;webhook</source>
        <translation>Also post through a group&apos;s custom robot &amp;webhook</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+109"/>
        <source>Letters, digits, &apos;-&apos; and &apos;_&apos;. It names the robot&apos;s secrets and its callback path.</source>
        <translation>Letters, digits, &apos;-&apos; and &apos;_&apos;. It names the robot&apos;s secrets and its callback path.</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>HTTP callbacks: DingTalk calls this relay</source>
        <translation>HTTP callbacks: DingTalk calls this relay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stream mode: the relay connects to DingTalk</source>
        <translation>Stream mode: the relay connects to DingTalk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>dingxxxxxxxxxxxxxxxx</source>
        <translation>dingxxxxxxxxxxxxxxxx</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copy the callback URL, to paste it into the DingTalk developer console</source>
        <translation>Copy the callback URL, to paste it into the DingTalk developer console</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The conversation&apos;s session webhook (recommended)</source>
        <translation>The conversation&apos;s session webhook (recommended)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The robot OpenAPI (needs the Client ID)</source>
        <translation>The robot OpenAPI (needs the Client ID)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A group&apos;s custom robot webhook only</source>
        <translation>A group&apos;s custom robot webhook only</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Separated by commas; at most 10</source>
        <translation>Separated by commas; at most 10</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: the system prompt from the Model section</source>
        <translation>Empty: the system prompt from the Model section</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Empty: the model from the Model section</source>
        <translation>Empty: the model from the Model section</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Empty: answers arrive as markdown messages</source>
        <translation>Empty: answers arrive as markdown messages</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The card shows the answer so far at most this often. Each update is one call on the robot&apos;s monthly DingTalk API allowance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conn&amp;ection:</source>
        <translation>Conn&amp;ection:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client &amp;ID (AppKey):</source>
        <translation>Client &amp;ID (AppKey):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>App&amp;Secret:</source>
        <translation>App&amp;Secret:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client sec&amp;ret:</source>
        <translation>Client sec&amp;ret:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callback pat&amp;h:</source>
        <translation>Callback pat&amp;h:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Callback &amp;URL:</source>
        <translation>Callback &amp;URL:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answers &amp;go through:</source>
        <translation>Answers &amp;go through:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Webhook &amp;token:</source>
        <translation>Webhook &amp;token:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>We&amp;bhook signing secret:</source>
        <translation>We&amp;bhook signing secret:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keywords:</source>
        <translation>&amp;Keywords:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System &amp;prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model:</source>
        <translation>&amp;Model:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Robot&apos;s &amp;language:</source>
        <translation>Robot&apos;s &amp;language:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;AI card template:</source>
        <translation>&amp;AI card template:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Card update inter&amp;val:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A saved robot keeps its name: its secrets are stored under it. Add a new robot to use another name.</source>
        <translation>A saved robot keeps its name: its secrets are stored under it. Add a new robot to use another name.</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Optional: only if it differs from the AppSecret</source>
        <translation>Optional: only if it differs from the AppSecret</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>About %1 DingTalk API calls for an answer the model writes in 10 s, %2 for one of 30 s. Each call counts against the robot&apos;s monthly allowance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The relay opens a connection to DingTalk: no public URL or tunnel is needed. Choose &quot;Stream mode&quot; for the robot in the DingTalk developer console.</source>
        <translation>The relay opens a connection to DingTalk: no public URL or tunnel is needed. Choose &quot;Stream mode&quot; for the robot in the DingTalk developer console.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingTalk sends each message to the callback URL below, which must be reachable from the internet (see Relay and tunnel).</source>
        <translation>DingTalk sends each message to the callback URL below, which must be reachable from the internet (see Relay and tunnel).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Known once the tunnel program has started</source>
        <translation>Known once the tunnel program has started</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Give the robot a name: letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>Give the robot a name: letters, digits, &apos;-&apos; or &apos;_&apos;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A name may hold only letters, digits, &apos;-&apos; and &apos;_&apos;.</source>
        <translation>A name may hold only letters, digits, &apos;-&apos; and &apos;_&apos;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another robot already has this name.</source>
        <translation>Another robot already has this name.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Robot &quot;%1&quot; already uses this path.</source>
        <translation>Robot &quot;%1&quot; already uses this path.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The path must start with &apos;/&apos;, for example /dingtalk/%1.</source>
        <translation>The path must start with &apos;/&apos;, for example /dingtalk/%1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stream mode needs the Client ID (AppKey) from the app&apos;s page in the DingTalk developer console.</source>
        <translation>Stream mode needs the Client ID (AppKey) from the app&apos;s page in the DingTalk developer console.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answers through the OpenAPI need the Client ID (AppKey).</source>
        <translation>Answers through the OpenAPI need the Client ID (AppKey).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AI cards need the Client ID (AppKey).</source>
        <translation>AI cards need the Client ID (AppKey).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the AppSecret (Client Secret) from the app&apos;s page in the DingTalk developer console: it checks that callbacks come from DingTalk.</source>
        <translation>Enter the AppSecret (Client Secret) from the app&apos;s page in the DingTalk developer console: it checks that callbacks come from DingTalk.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the Client Secret from the app&apos;s page in the DingTalk developer console.</source>
        <translation>Enter the Client Secret from the app&apos;s page in the DingTalk developer console.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paste the custom robot&apos;s webhook URL or its access_token.</source>
        <translation>Paste the custom robot&apos;s webhook URL or its access_token.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingTalk allows at most 10 keywords.</source>
        <translation>DingTalk allows at most 10 keywords.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A template id looks like 1a2b3c4d-….schema (from DingTalk&apos;s card platform).</source>
        <translation>A template id looks like 1a2b3c4d-….schema (from DingTalk&apos;s card platform).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A custom robot webhook cannot send cards.</source>
        <translation>A custom robot webhook cannot send cards.</translation>
    </message>
</context>
<context>
    <name>RobotStep</name>
    <message>
        <location filename="../app/gui/wizard/RobotStep.cpp" line="+39"/>
        <source>S&amp;tream mode (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;HTTP callbacks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The DingTalk robot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create the robot in DingTalk&apos;s developer console, then copy its credentials here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>dingxxxxxxxxxxxxxxxx</source>
        <translation type="unfinished">dingxxxxxxxxxxxxxxxx</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>How DingTalk delivers messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingRelay connects to DingTalk itself: no public address, tunnel or server is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingTalk calls a public URL of this relay: it needs a tunnel or a server of your own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>In DingTalk&apos;s developer console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Client &amp;ID (AppKey):</source>
        <translation type="unfinished">Client &amp;ID (AppKey):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client &amp;Secret (AppSecret):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client &amp;Secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Callback &amp;URL:</source>
        <translation type="unfinished">Callback &amp;URL:</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Under &lt;b&gt;Message receiving mode&lt;/b&gt; (消息接收模式) choose &lt;b&gt;Stream mode&lt;/b&gt;, then &lt;b&gt;Publish&lt;/b&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Under &lt;b&gt;Message receiving mode&lt;/b&gt; (消息接收模式) choose &lt;b&gt;HTTP mode&lt;/b&gt;, paste the &lt;b&gt;Callback URL&lt;/b&gt; below as the message receiving address, then &lt;b&gt;Publish&lt;/b&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;ol&gt;&lt;li&gt;Open &lt;a href=&quot;https://open-dev.dingtalk.com&quot;&gt;open-dev.dingtalk.com&lt;/a&gt; and sign in with an account that may create apps for your organisation.&lt;/li&gt;&lt;li&gt;Choose &lt;b&gt;App development&lt;/b&gt; (应用开发) › &lt;b&gt;Create app&lt;/b&gt; (创建应用), and give it the name people will see.&lt;/li&gt;&lt;li&gt;In the app, choose &lt;b&gt;Add app capability&lt;/b&gt; (添加应用能力) › &lt;b&gt;Robot&lt;/b&gt; (机器人) and fill in its name and description.&lt;/li&gt;&lt;li&gt;%1&lt;/li&gt;&lt;li&gt;Open &lt;b&gt;Credentials and basic info&lt;/b&gt; (凭证与基础信息) and copy the &lt;b&gt;Client ID&lt;/b&gt; and the &lt;b&gt;Client Secret&lt;/b&gt; into the fields below.&lt;/li&gt;&lt;li&gt;Under &lt;b&gt;Version management&lt;/b&gt; (版本管理与发布), publish a version so people in your organisation can find the robot.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Known once the tunnel program has started</source>
        <translation type="unfinished">Known once the tunnel program has started</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This address works only on this computer. The next page makes it reachable for DingTalk and shows the address to paste instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste this address into the console. It comes from the tunnel set up on the next page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RobotsPage</name>
    <message>
        <location filename="../app/gui/settings/RobotsPage.cpp" line="+37"/>
        <source>A&amp;dd robot</source>
        <translation>A&amp;dd robot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remo&amp;ve</source>
        <translation>Remo&amp;ve</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Robot</source>
        <translation>Robot</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answers through</source>
        <translation>Answers through</translation>
    </message>
    <message>
        <location line="+8"/>
        <location filename="../app/gui/settings/RobotsPage.h" line="+19"/>
        <source>Robots</source>
        <translation>Robots</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The selected robot</source>
        <translation>The selected robot</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Failed deliveries go to:</source>
        <translation>&amp;Failed deliveries go to:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A robot with a custom webhook can tell its group when an answer could not be delivered.</source>
        <translation>A robot with a custom webhook can tell its group when an answer could not be delivered.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>(unnamed)</source>
        <translation>(unnamed)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>HTTP callbacks</source>
        <translation>HTTP callbacks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OpenAPI</source>
        <translation>OpenAPI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom webhook</source>
        <translation>Custom webhook</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session webhook</source>
        <translation>Session webhook</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, custom webhook</source>
        <translation>, custom webhook</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Nobody (only the log and a desktop notice)</source>
        <translation>Nobody (only the log and a desktop notice)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The group of robot &quot;%1&quot;</source>
        <translation>The group of robot &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <location filename="../app/gui/settings/SecretField.cpp" line="+30"/>
        <location line="+6"/>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Show what you typed (a stored secret is never shown)</source>
        <translation>Show what you typed (a stored secret is never shown)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hide</source>
        <translation>Hide</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the stored value from the keychain when you save</source>
        <translation>Remove the stored value from the keychain when you save</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Will be removed from the keychain when you save</source>
        <translation>Will be removed from the keychain when you save</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stored in the keychain; type to replace it</source>
        <translation>Stored in the keychain; type to replace it</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not set</source>
        <translation>Not set</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The keychain cannot be read</source>
        <translation>The keychain cannot be read</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the keychain…</source>
        <translation>Checking the keychain…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 is set and overrides the keychain.</source>
        <translation>%1 is set and overrides the keychain.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../app/gui/settings/SettingsDialog.cpp" line="+42"/>
        <source>DingRelay Settings</source>
        <translation>DingRelay Settings</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sections</source>
        <translation>Sections</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Setup wi&amp;zard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set up the model, a robot and the tunnel step by step, with a test at the end. Changes not applied here are dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+71"/>
        <source>The settings file has problems</source>
        <translation>The settings file has problems</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>
Saving writes the values shown here; fix the rest in %1.</source>
        <translation>
Saving writes the values shown here; fix the rest in %1.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Something in this section needs your attention.</source>
        <translation>Something in this section needs your attention.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Correct the fields marked in red to save (%1).</source>
        <translation>Correct the fields marked in red to save (%1).</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The system keychain cannot be reached</source>
        <translation>The system keychain cannot be reached</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1
Secrets can be neither checked nor saved until it can: unlock your keyring (log out and in again, or open Passwords and Keys), or start a Secret Service such as GNOME Keyring, then open Settings again. Settings that are not secrets can still be saved. DingRelay never writes secrets to a file instead.</source>
        <translation>%1
Secrets can be neither checked nor saved until it can: unlock your keyring (log out and in again, or open Passwords and Keys), or start a Secret Service such as GNOME Keyring, then open Settings again. Settings that are not secrets can still be saved. DingRelay never writes secrets to a file instead.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Nothing was saved: correct the fields marked in red.</source>
        <translation>Nothing was saved: correct the fields marked in red.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>SettingsSaver</name>
    <message>
        <location filename="../app/gui/settings/SettingsSaver.cpp" line="+33"/>
        <source>Start at login could not be changed: %1</source>
        <translation type="unfinished">Start at login could not be changed: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A removed secret is still in the keychain: %1</source>
        <translation type="unfinished">A removed secret is still in the keychain: %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Nothing was saved: %1</source>
        <translation type="unfinished">Nothing was saved: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing was saved: the keychain did not take the secrets.
%1</source>
        <translation type="unfinished">Nothing was saved: the keychain did not take the secrets.
%1</translation>
    </message>
</context>
<context>
    <name>StatusWindow</name>
    <message>
        <location filename="../app/gui/StatusWindow.cpp" line="+19"/>
        <source>Callback URLs</source>
        <translation>Callback URLs</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;History…</source>
        <translation>&amp;History…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;unnel output…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DingRelay</source>
        <translation>DingRelay</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Notices</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Test console…</source>
        <translation>&amp;Test console…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>St&amp;op relay</source>
        <translation>St&amp;op relay</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>St&amp;art relay</source>
        <translation>St&amp;art relay</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the callback URL of robot %1</source>
        <translation>Copy the callback URL of robot %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Nothing needs your attention.</source>
        <translation>Nothing needs your attention.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1  %2 — %3</source>
        <translation>%1  %2 — %3</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The history window is not part of this version yet.</source>
        <translation>The history window is not part of this version yet.</translation>
    </message>
</context>
<context>
    <name>TestConsoleWindow</name>
    <message>
        <location filename="../app/gui/TestConsoleWindow.cpp" line="+76"/>
        <source>&amp;Send</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DingRelay test console</source>
        <translation>DingRelay test console</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Robot:</source>
        <translation>&amp;Robot:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send &amp;to:</source>
        <translation>Send &amp;to:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As &amp;user (staffId):</source>
        <translation>As &amp;user (staffId):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The sender&apos;s staffId: the robot&apos;s allow_senders and admins apply to it as they would to a DingTalk user.</source>
        <translation>The sender&apos;s staffId: the robot&apos;s allow_senders and admins apply to it as they would to a DingTalk user.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type a message as a DingTalk user would, then press Enter</source>
        <translation>Type a message as a DingTalk user would, then press Enter</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1 (Stream mode)</source>
        <translation>%1 (Stream mode)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (HTTP callback %2)</source>
        <translation>%1 (HTTP callback %2)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The relay is not running. Start it from the tray menu, then come back here.</source>
        <translation>The relay is not running. Start it from the tray menu, then come back here.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No robot is configured yet. Add one under Settings › Robots.</source>
        <translation>No robot is configured yet. Add one under Settings › Robots.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The relay, as if pushed over the Stream connection</source>
        <translation>The relay, as if pushed over the Stream connection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A Stream-mode robot has no callback URL: DingTalk pushes its messages over the connection DingRelay opens. The console hands your message to the relay as such a push, so it checks the model and the answer, not the connection itself. To test that, message the robot in DingTalk.</source>
        <translation>A Stream-mode robot has no callback URL: DingTalk pushes its messages over the connection DingRelay opens. The console hands your message to the relay as such a push, so it checks the model and the answer, not the connection itself. To test that, message the robot in DingTalk.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This computer: %1</source>
        <translation>This computer: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The public URL: %1</source>
        <translation>The public URL: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Messages are signed with the robot&apos;s AppSecret as DingTalk signs them. Set up a public URL to test the way in from the internet too.</source>
        <translation>Messages are signed with the robot&apos;s AppSecret as DingTalk signs them. Set up a public URL to test the way in from the internet too.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Messages are signed with the robot&apos;s AppSecret as DingTalk signs them. Through the public URL they test the tunnel too.</source>
        <translation>Messages are signed with the robot&apos;s AppSecret as DingTalk signs them. Through the public URL they test the tunnel too.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the answer…</source>
        <translation>Waiting for the answer…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Title: %1</source>
        <translation>Title: %1</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>taken by the relay after %1 ms</source>
        <translation>taken by the relay after %1 ms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>callback acknowledged after %1 ms</source>
        <translation>callback acknowledged after %1 ms</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>model&apos;s first words after %1 ms</source>
        <translation>model&apos;s first words after %1 ms</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 parts delivered after %2 ms</source>
        <translation>%1 parts delivered after %2 ms</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>answer delivered after %1 ms</source>
        <translation>answer delivered after %1 ms</translation>
    </message>
</context>
<context>
    <name>TestStep</name>
    <message>
        <location filename="../app/gui/wizard/TestStep.cpp" line="+31"/>
        <source>Callback &amp;URL:</source>
        <translation type="unfinished">Callback &amp;URL:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Run the test again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test the whole chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingRelay saves the settings, starts the relay and sends it a message as DingTalk would. The model&apos;s answer comes back here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Saving the settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Go back to the step concerned and correct it, then come back here to try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starting the relay…</source>
        <translation type="unfinished">Starting the relay…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The relay did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back and correct the settings it names. When another program uses the port, choose another one later under Settings › Relay and tunnel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The relay runs at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The relay did not start within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the tray&apos;s tooltip for the reason, then run the test again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Waiting for the tunnel to tell its public address…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The tunnel&apos;s public address is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The tunnel did not tell a public address within %1 s.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Go back and choose another tunnel, or check that the program works when you start it yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hello! This is a test from DingRelay&apos;s setup. Please answer in one short sentence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sending a message through %1, as DingTalk would…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Handing the relay a message as DingTalk&apos;s Stream connection would…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending a signed message to the relay, as DingTalk would…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The test message could not be sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back and check the robot, then run the test again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open the Test console from the tray to try other messages, or go back and check the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DingTalk cannot reach it either. Check that the tunnel or your server forwards %1 to this computer (port %2), or go back and choose another way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The test message failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The relay works, but the model did not answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to the model step, correct the key or the model, and check it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The robot answered in %1 s:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>DingTalk cannot reach this address from the internet yet: set up a tunnel under Settings › Relay and tunnel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paste this callback URL into the robot&apos;s page in DingTalk&apos;s developer console, if it is not there yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>How to fix it: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../app/gui/TrayController.cpp" line="+22"/>
        <source>&amp;History…</source>
        <translation>&amp;History…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Test console…</source>
        <translation>&amp;Test console…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;unnel output…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the &amp;database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Copy callback URL</source>
        <translation>&amp;Copy callback URL</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;About DingRelay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit DingRelay</source>
        <translation>&amp;Quit DingRelay</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Starting the relay…</source>
        <translation>Starting the relay…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Starting</source>
        <translation>Starting</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs attention</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not running</source>
        <translation>Not running</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping</source>
        <translation>Stopping</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>St&amp;op relay</source>
        <translation>St&amp;op relay</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>St&amp;art relay</source>
        <translation>St&amp;art relay</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No robot receives HTTP callbacks while the relay is stopped or only Stream-mode robots are configured.</source>
        <translation>No robot receives HTTP callbacks while the relay is stopped or only Stream-mode robots are configured.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The history window is not part of this version yet.</source>
        <translation>The history window is not part of this version yet.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No tunnel program is configured: tunnel/mode is none or fixed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TunnelOutputWindow</name>
    <message>
        <location filename="../app/gui/TunnelOutputWindow.cpp" line="+30"/>
        <source>&amp;Copy all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DingRelay — Tunnel output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Tunnel program output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+52"/>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No tunnel program runs: the relay is stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No tunnel program runs: tunnel/mode is none or fixed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The tunnel program has printed nothing yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Not running: the relay is stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restarting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: %1</source>
        <translation type="unfinished">Failed: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 — checking reachability…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — reachability not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 — reachable, checked %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 — not reachable (%2), checked %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TunnelStep</name>
    <message>
        <location filename="../app/gui/wizard/TunnelStep.cpp" line="+25"/>
        <source>No tunnel: this computer &amp;only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;My own public URL (a server or proxy forwards it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A tunnel &amp;program DingRelay starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>How DingTalk reaches this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingTalk&apos;s servers must be able to call the robot&apos;s callback URL from the internet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>cloudflared quick tunnel (no account needed)</source>
        <translation type="unfinished">cloudflared quick tunnel (no account needed)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ngrok</source>
        <translation type="unfinished">ngrok</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty: the token ngrok already has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Public U&amp;RL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pro&amp;gram:</source>
        <translation type="unfinished">Pro&amp;gram:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ngrok au&amp;thtoken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Callback &amp;URL:</source>
        <translation type="unfinished">Callback &amp;URL:</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Enter the public address your server forwards to this computer, for example https://relay.example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 is not installed on this computer. To fix it: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Only this computer reaches the relay. The test on the next page works, but DingTalk&apos;s messages will not arrive: choose this only if you forward the address yourself (for example with frp or ssh, set up later under Settings › Relay and tunnel).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your server forwards this address to the relay on this computer (port %1). The test on the next page goes through it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DingRelay starts the program with the relay, restarts it when it stops, and reads the public address from its output. The test on the next page goes through it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Shown on the next page once the tunnel runs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message>
        <location filename="../app/gui/history/UsageChart.cpp" line="+86"/>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Others (%1)</source>
        <translation>Others (%1)</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>No messages in this period</source>
        <translation>No messages in this period</translation>
    </message>
</context>
<context>
    <name>UsagePage</name>
    <message>
        <location filename="../app/gui/history/UsagePage.cpp" line="+29"/>
        <location line="+20"/>
        <source>Questions</source>
        <translation>Questions</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+20"/>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>per robot</source>
        <translation>per robot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>per user</source>
        <translation>per user</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in total</source>
        <translation>in total</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>last %n day(s)</source>
        <translation>
            <numerusform>last %n day</numerusform>
            <numerusform>last %n days</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Robot or user</source>
        <translation>Robot or user</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answers</source>
        <translation>Answers</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Errors</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt tokens</source>
        <translation>Prompt tokens</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer tokens</source>
        <translation>Answer tokens</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Could not read the usage: %1</source>
        <translation>Could not read the usage: %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Counting…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%n robot(s) or user(s)</source>
        <translation>
            <numerusform>%n robot or user</numerusform>
            <numerusform>%n robots or users</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomeStep</name>
    <message>
        <location filename="../app/gui/wizard/WelcomeStep.cpp" line="+12"/>
        <source>Welcome to DingRelay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DingRelay answers DingTalk messages with ChatGPT or another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;p&gt;This takes about three minutes. Have at hand:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;an API key from your model provider (OpenAI, DeepSeek, Moonshot, DashScope, …), or Ollama running on this computer;&lt;/li&gt;&lt;li&gt;a DingTalk account that may create apps for your organisation (an admin or a developer), to make the robot in DingTalk&apos;s developer console.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The wizard checks the model with a real question, helps you create the robot, and finally sends a test message through the relay, as DingTalk would.&lt;/p&gt;&lt;p&gt;Secrets go to the system keychain, never to the settings file. Everything can be changed later under Settings.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
