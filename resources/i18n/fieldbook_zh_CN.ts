<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountDetailPane</name>
    <message>
        <location filename="../../ui/account_detail.py" line="46"/>
        <source>Account details</source>
        <translation>客户详情</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="49"/>
        <source>Choose an account to see its contacts, open tasks and timeline.</source>
        <translation>选择一个客户，查看其联系人、待办任务和活动记录。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="58"/>
        <source>Account name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="64"/>
        <source>Log visit</source>
        <translation>记录拜访</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="66"/>
        <source>Log call</source>
        <translation>记录来电</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="76"/>
        <source>Contacts, open tasks and timeline</source>
        <translation>联系人、待办任务和活动记录</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="149"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="149"/>
        <source>No contacts yet.</source>
        <translation>暂无联系人。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="150"/>
        <source>Open tasks</source>
        <translation>待办任务</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="150"/>
        <source>No open tasks.</source>
        <translation>暂无待办任务。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="152"/>
        <source>Timeline</source>
        <translation>活动记录</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="153"/>
        <source>Nothing logged yet. Log a visit or a call to start the timeline.</source>
        <translation>还没有任何记录。记录一次拜访或来电，活动记录就从这里开始。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="183"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
</context>
<context>
    <name>AccountListModel</name>
    <message>
        <location filename="../../ui/account_list.py" line="109"/>
        <source>Has overdue tasks</source>
        <translation>有逾期任务</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="120"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="120"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="120"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="120"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>AccountListView</name>
    <message>
        <location filename="../../ui/account_list.py" line="133"/>
        <source>Search name, pinyin, phone or city</source>
        <translation>搜索名称、拼音、电话或城市</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="134"/>
        <source>Search accounts</source>
        <translation>搜索客户</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="140"/>
        <source>Accounts</source>
        <translation>客户列表</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="209"/>
        <source>No account matches this search.</source>
        <translation>没有符合条件的客户。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_list.py" line="211"/>
        <source>%n accounts</source>
        <translation>
            <numerusform>共 %n 个客户</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CodeButton</name>
    <message>
        <location filename="../../ui/code_grid.py" line="39"/>
        <source>Key %1</source>
        <translation>按键 %1</translation>
    </message>
</context>
<context>
    <name>CodeGrid</name>
    <message>
        <location filename="../../ui/code_grid.py" line="77"/>
        <source>Answers</source>
        <translation>选项</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="43"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="45"/>
        <source>Send your changes and fetch new ones (F5)</source>
        <translation>上传您的更改并获取最新数据（F5）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="63"/>
        <source>Sections</source>
        <translation>功能导航</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="64"/>
        <source>Accounts</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="67"/>
        <source>Signed in as</source>
        <translation>当前用户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
</context>
<context>
    <name>ProcessRunnerDialog</name>
    <message>
        <location filename="../../ui/process_runner.py" line="73"/>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="74"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="77"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="78"/>
        <source>← Back</source>
        <translation>← 上一步</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="125"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="134"/>
        <source>Choose any</source>
        <translation>可多选</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="134"/>
        <source>Choose one</source>
        <translation>单选</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="136"/>
        <source>%1 · optional</source>
        <translation>%1 · 选填</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="148"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="148"/>
        <source>Next →</source>
        <translation>下一步 →</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="182"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="189"/>
        <source>This activity could not be saved: {details}. Nothing was written.</source>
        <translation>无法保存此活动：{details}。未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="192"/>
        <source>This activity could not be saved on this computer; the disk may be full. Nothing was written: free some space and press Save again.</source>
        <translation>无法在本机保存此活动，磁盘可能已满。未写入任何内容：请释放一些空间后再次点击“保存”。</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="220"/>
        <source>Discard this entry?</source>
        <translation>放弃本次记录？</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="221"/>
        <source>The answers you picked have not been saved and will be lost.</source>
        <translation>您选择的答案尚未保存，放弃后将会丢失。</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../ui/sync_status_bar.py" line="31"/>
        <source>Sync status</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status_bar.py" line="33"/>
        <source>Sync message</source>
        <translation>同步消息</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status_bar.py" line="36"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
</context>
<context>
    <name>SyncText</name>
    <message>
        <location filename="../../ui/sync_text.py" line="25"/>
        <source>● Online</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="25"/>
        <source>○ Offline</source>
        <translation>○ 离线</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="30"/>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="35"/>
        <source>synced just now</source>
        <translation>刚刚已同步</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="37"/>
        <source>synced %n min ago</source>
        <translation>
            <numerusform>%n 分钟前已同步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="39"/>
        <source>synced %n h ago</source>
        <translation>
            <numerusform>%n 小时前已同步</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="41"/>
        <source>synced on %1</source>
        <translation>%1 已同步</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="48"/>
        <source>%n unsynced</source>
        <translation>
            <numerusform>%n 条未同步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="55"/>
        <source>conflicts: %n ⚠</source>
        <translation>
            <numerusform>冲突：%n ⚠</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="60"/>
        <source>Sending changes… %n sent</source>
        <translation>
            <numerusform>正在上传更改…已上传 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="61"/>
        <source>Receiving changes… %n received</source>
        <translation>
            <numerusform>正在接收更新…已接收 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="66"/>
        <source>Everything is up to date.</source>
        <translation>数据已是最新。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="67"/>
        <source>%n sent</source>
        <translation>
            <numerusform>上传 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="68"/>
        <source>%n received</source>
        <translation>
            <numerusform>接收 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="69"/>
        <source>Synced: %1, %2.</source>
        <translation>同步完成：%1，%2。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="75"/>
        <source>Sync stopped because of an unexpected problem. Your changes are safe on this computer; the details are in the log.</source>
        <translation>同步因意外问题而中止。您的更改已安全保存在本机，详细信息已写入日志。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="82"/>
        <source>You are offline. Your changes are saved on this computer and will be sent when the connection returns.</source>
        <translation>您目前处于离线状态。您的更改已保存在本机，网络恢复后即会上传。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="88"/>
        <source>Your sign-in has expired. Please sign in again.</source>
        <translation>您的登录已过期，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="90"/>
        <source>The server had a problem. Try again in a few minutes; your changes are safe.</source>
        <translation>服务器出现问题，请几分钟后重试；您的更改不会丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="95"/>
        <source>The server refused this sync. Please contact support; your changes are safe on this computer.</source>
        <translation>服务器拒绝了本次同步，请联系技术支持；您的更改已安全保存在本机。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="101"/>
        <source>The server answered in a way this version of Fieldbook cannot read. Please contact support; your changes are safe on this computer.</source>
        <translation>当前版本的 Fieldbook 无法识别服务器的答复，请联系技术支持；您的更改已安全保存在本机。</translation>
    </message>
</context>
</TS>
