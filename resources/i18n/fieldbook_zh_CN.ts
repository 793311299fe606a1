<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountDetailPane</name>
    <message>
        <location filename="../../ui/account_detail.py" line="62"/>
        <source>Account details</source>
        <translation>客户详情</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="65"/>
        <source>Choose an account to see its contacts, open tasks and timeline.</source>
        <translation>选择一个客户，查看其联系人、待办任务和活动记录。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="74"/>
        <source>Account name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="84"/>
        <source>Log visit</source>
        <translation>记录拜访</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="86"/>
        <source>Log call</source>
        <translation>记录来电</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="87"/>
        <source>+ Task</source>
        <translation>+ 任务</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="89"/>
        <source>+ Contact</source>
        <translation>+ 联系人</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="91"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="107"/>
        <source>Contacts, open tasks and timeline</source>
        <translation>联系人、待办任务和活动记录</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="215"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="215"/>
        <source>No contacts yet.</source>
        <translation>暂无联系人。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="216"/>
        <source>Open tasks</source>
        <translation>待办任务</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="216"/>
        <source>No open tasks.</source>
        <translation>暂无待办任务。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="218"/>
        <source>Timeline</source>
        <translation>活动记录</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="219"/>
        <source>Nothing logged yet. Log a visit or a call to start the timeline.</source>
        <translation>还没有任何记录。记录一次拜访或来电，活动记录就从这里开始。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="249"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
</context>
<context>
    <name>AccountFormDialog</name>
    <message>
        <location filename="../../ui/account_form.py" line="38"/>
        <source>Edit account</source>
        <translation>编辑客户</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="38"/>
        <source>New account</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="46"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="47"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="48"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="49"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="52"/>
        <location filename="../../ui/account_form.py" line="68"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="53"/>
        <location filename="../../ui/account_form.py" line="69"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="55"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="60"/>
        <source>Possible duplicates</source>
        <translation>可能重复</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="64"/>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="65"/>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="66"/>
        <source>C&amp;ity</source>
        <translation>城市(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="67"/>
        <source>A&amp;ddress</source>
        <translation>地址(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="70"/>
        <source>N&amp;ote</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="112"/>
        <source>Already on this computer: %1</source>
        <translation>本机已有相似客户：%1</translation>
    </message>
</context>
<context>
    <name>AccountListModel</name>
    <message>
        <location filename="../../ui/account_list.py" line="120"/>
        <source>Has overdue tasks</source>
        <translation>有逾期任务</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="131"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="131"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="131"/>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="131"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>AccountListView</name>
    <message>
        <location filename="../../ui/account_list.py" line="145"/>
        <source>Search name, pinyin, phone or city</source>
        <translation>搜索名称、拼音、电话或城市</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="146"/>
        <source>Search accounts</source>
        <translation>搜索客户</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="152"/>
        <source>Any tier</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="153"/>
        <source>Filter by tier</source>
        <translation>按等级筛选</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="154"/>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="155"/>
        <source>Filter by status</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="156"/>
        <source>&amp;Mine only</source>
        <translation>只看我的(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="157"/>
        <source>Show only my accounts</source>
        <translation>只显示我的客户</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="159"/>
        <source>Sort by</source>
        <translation>排序方式</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="160"/>
        <source>Sort by name</source>
        <translation>按名称排序</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="161"/>
        <source>Sort by city</source>
        <translation>按城市排序</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="167"/>
        <source>Accounts</source>
        <translation>客户列表</translation>
    </message>
    <message>
        <location filename="../../ui/account_list.py" line="260"/>
        <source>No account matches this search.</source>
        <translation>没有符合条件的客户。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_list.py" line="262"/>
        <source>%n accounts</source>
        <translation>
            <numerusform>共 %n 个客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_list.py" line="276"/>
        <source>More than %n accounts</source>
        <translation>
            <numerusform>超过 %n 个客户</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CallDesk</name>
    <message>
        <location filename="../../ui/call_desk.py" line="200"/>
        <source>Call desk</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="202"/>
        <location filename="../../ui/call_desk.py" line="203"/>
        <source>Caller&apos;s number</source>
        <translation>来电号码</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="206"/>
        <source>Look up</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="216"/>
        <source>Type the caller&apos;s number and press Enter. Incoming calls from the phone system open here by themselves.</source>
        <translation>输入来电号码后按回车。电话系统的来电会自动在这里打开。</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="224"/>
        <source>Matching accounts</source>
        <translation>匹配的客户</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/call_desk.py" line="259"/>
        <source>%n accounts have this number; choose one.</source>
        <translation>
            <numerusform>有 %n 个客户使用这个号码，请选择一个。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="271"/>
        <source>No account has this number. A new account is opened for it.</source>
        <translation>没有客户使用这个号码，已为它新建客户。</translation>
    </message>
</context>
<context>
    <name>CodeButton</name>
    <message>
        <location filename="../../ui/code_grid.py" line="53"/>
        <source>Key %1</source>
        <translation>按键 %1</translation>
    </message>
</context>
<context>
    <name>CodeGrid</name>
    <message>
        <location filename="../../ui/code_grid.py" line="91"/>
        <source>Answers</source>
        <translation>选项</translation>
    </message>
</context>
<context>
    <name>ConflictCard</name>
    <message>
        <location filename="../../ui/conflicts_view.py" line="46"/>
        <source>Account</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="47"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="48"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="49"/>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="51"/>
        <source>(deleted by someone else)</source>
        <translation>（已被他人删除）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="54"/>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="57"/>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="58"/>
        <source>Theirs (stands now)</source>
        <translation>对方的（当前生效）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="72"/>
        <source>Restore (R)</source>
        <translation>恢复 (R)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="74"/>
        <source>Keep mine (M)</source>
        <translation>保留我的 (M)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="76"/>
        <source>Keep theirs (T)</source>
        <translation>保留对方的 (T)</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <location filename="../../ui/conflicts_view.py" line="113"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="115"/>
        <source>Someone else changed these while you did. Their value stands for now; keep yours with one click and it is sent again.</source>
        <translation>在您修改的同时，其他人也修改了这些内容。目前以对方的为准；点一下即可保留您的值并重新发送。</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="123"/>
        <source>No conflicts. Everything agrees.</source>
        <translation>没有冲突，一切一致。</translation>
    </message>
</context>
<context>
    <name>ContactFormDialog</name>
    <message>
        <location filename="../../ui/task_form.py" line="86"/>
        <source>New contact</source>
        <translation>新建联系人</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="90"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="92"/>
        <source>Job title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="94"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="95"/>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="96"/>
        <source>&amp;Job title</source>
        <translation>职务(&amp;J)</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="97"/>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
</context>
<context>
    <name>DatePickerDialog</name>
    <message>
        <location filename="../../ui/today_view.py" line="199"/>
        <source>Move to which day?</source>
        <translation>改到哪一天？</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="202"/>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
</context>
<context>
    <name>DueDatePicker</name>
    <message>
        <location filename="../../ui/task_form.py" line="32"/>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="38"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="39"/>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="40"/>
        <source>Next Monday</source>
        <translation>下周一</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115"/>
        <source>Send your changes and fetch new ones (F5)</source>
        <translation>上传您的更改并获取最新数据（F5）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146"/>
        <source>Sections</source>
        <translation>功能导航</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Accounts</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154"/>
        <source>Signed in as</source>
        <translation>当前用户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>You are offline. Everything you do is saved on this computer and sent when the connection returns.</source>
        <translation>您已离线。所做的一切都保存在本机，网络恢复后会自动发送。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="95"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Call desk</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>&amp;Find account</source>
        <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182"/>
        <source>&amp;Caller&apos;s number</source>
        <translation>来电号码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183"/>
        <source>&amp;Account</source>
        <translation>客户(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184"/>
        <source>&amp;New account…</source>
        <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>&amp;Sync</source>
        <translation>同步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="250"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../ui/problems.py" line="14"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="15"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="16"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="17"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="18"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="19"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="20"/>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="21"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="29"/>
        <source>This could not be saved on this computer; the disk may be full. Nothing was written: free some space and save again.</source>
        <translation>无法保存到本机，磁盘可能已满。没有写入任何内容：请释放一些空间后再保存。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="37"/>
        <source>%1 is needed.</source>
        <translation>请填写%1。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="39"/>
        <source>%1 is too long; please shorten it.</source>
        <translation>%1太长，请缩短。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="41"/>
        <source>%1 is not valid; please check it.</source>
        <translation>%1无效，请检查。</translation>
    </message>
</context>
<context>
    <name>ProcessRunnerDialog</name>
    <message>
        <location filename="../../ui/process_runner.py" line="72"/>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="73"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="76"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="77"/>
        <source>← Back</source>
        <translation>← 上一步</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="124"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="133"/>
        <source>Choose any</source>
        <translation>可多选</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="133"/>
        <source>Choose one</source>
        <translation>单选</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="135"/>
        <source>%1 · optional</source>
        <translation>%1 · 选填</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="147"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="147"/>
        <source>Next →</source>
        <translation>下一步 →</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="181"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="188"/>
        <source>This activity could not be saved: {details}. Nothing was written.</source>
        <translation>无法保存此活动：{details}。未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="191"/>
        <source>This activity could not be saved on this computer; the disk may be full. Nothing was written: free some space and press Save again.</source>
        <translation>无法在本机保存此活动，磁盘可能已满。未写入任何内容：请释放一些空间后再次点击“保存”。</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="216"/>
        <source>Discard this entry?</source>
        <translation>放弃本次记录？</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="217"/>
        <source>The answers you picked have not been saved and will be lost.</source>
        <translation>您选择的答案尚未保存，放弃后将会丢失。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="38"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="42"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="47"/>
        <source>Sync every (minutes)</source>
        <translation>同步间隔（分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="53"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="54"/>
        <source>Also &amp;remove this user&apos;s data from this computer</source>
        <translation>同时从本机删除此用户的数据(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="55"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="61"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="62"/>
        <source>&amp;Sync every</source>
        <translation>同步间隔(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="63"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="64"/>
        <source>Signed in as</source>
        <translation>当前用户</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="81"/>
        <location filename="../../ui/settings_dialog.py" line="82"/>
        <source>Managed by your IT department</source>
        <translation>由 IT 部门统一管理</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="99"/>
        <source>Remove the data on this computer?</source>
        <translation>删除本机上的数据？</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="101"/>
        <source>Changes that were not synced yet are lost with it. The data comes back from the server at the next sign-in.</source>
        <translation>尚未同步的更改将一并丢失。下次登录时数据会从服务器重新下载。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in.py" line="44"/>
        <source>Sign in to Fieldbook</source>
        <translation>登录 Fieldbook</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="48"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="53"/>
        <location filename="../../ui/sign_in.py" line="70"/>
        <source>Set by your IT department</source>
        <translation>由 IT 部门设定</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="55"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="57"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="59"/>
        <source>&amp;Stay signed in on this computer</source>
        <translation>在本机保持登录(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="68"/>
        <source>S&amp;erver</source>
        <translation>服务器(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="71"/>
        <source>&amp;User</source>
        <translation>用户(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="72"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="78"/>
        <location filename="../../ui/sign_in.py" line="83"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="92"/>
        <source>Fill in the server address, user name and password.</source>
        <translation>请填写服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="102"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="125"/>
        <source>The user name or password is wrong. Please try again.</source>
        <translation>用户名或密码错误，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="129"/>
        <source>The server cannot be reached. Check the address and your connection, then try again.</source>
        <translation>无法连接服务器。请检查地址和网络后重试。</translation>
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
    <message>
        <location filename="../../ui/sync_status_bar.py" line="43"/>
        <source>Sync progress</source>
        <translation>同步进度</translation>
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
<context>
    <name>TaskFormDialog</name>
    <message>
        <location filename="../../ui/task_form.py" line="56"/>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="60"/>
        <location filename="../../ui/task_form.py" line="64"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="62"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="65"/>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="66"/>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="70"/>
        <source>&amp;What</source>
        <translation>事项(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="71"/>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/task_form.py" line="72"/>
        <source>&amp;Due</source>
        <translation>到期(&amp;D)</translation>
    </message>
</context>
<context>
    <name>TodayRow</name>
    <message>
        <location filename="../../ui/today_view.py" line="63"/>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="63"/>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="63"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="76"/>
        <source>Start visit</source>
        <translation>开始拜访</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="84"/>
        <source>+1 day</source>
        <translation>+1 天</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="85"/>
        <source>Monday</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="86"/>
        <source>Date…</source>
        <translation>日期…</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="99"/>
        <location filename="../../ui/today_view.py" line="101"/>
        <source>Key: %1</source>
        <translation>按键：%1</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../../ui/today_view.py" line="144"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="137"/>
        <source>Today · %1</source>
        <translation>今天 · %1</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="143"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="145"/>
        <source>Next 7 days</source>
        <translation>未来 7 天</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="149"/>
        <source>Nothing here.</source>
        <translation>暂无内容。</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <location filename="../../ui/call_desk.py" line="56"/>
        <source>Call wrap-up</source>
        <translation>通话小结</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="62"/>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="63"/>
        <source>Call note</source>
        <translation>通话备注</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="65"/>
        <source>← Back</source>
        <translation>← 上一步</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="69"/>
        <location filename="../../ui/call_desk.py" line="121"/>
        <source>Next →</source>
        <translation>下一步 →</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="73"/>
        <source>Call back tomorrow</source>
        <translation>明天回电</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="75"/>
        <source>Add a callback task for tomorrow (Ctrl+B)</source>
        <translation>添加明天的回电任务 (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="109"/>
        <source>Wrap-up %1 of %2: %3</source>
        <translation>小结 %1/%2：%3</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="121"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="159"/>
        <source>Call saved. Ready for the next call.</source>
        <translation>通话已保存，可以接听下一个来电。</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="165"/>
        <source>Call back %1</source>
        <translation>回电 %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="178"/>
        <source>Callback task added for tomorrow.</source>
        <translation>已添加明天的回电任务。</translation>
    </message>
</context>
</TS>
