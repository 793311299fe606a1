<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountDetailPane</name>
    <message>
        <location filename="../../ui/account_detail.py" line="65"/>
        <source>Account details</source>
        <translation>客户详情</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="68"/>
        <source>Choose an account to see its contacts, open tasks and timeline.</source>
        <translation>选择一个客户，查看其联系人、待办任务和活动记录。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="77"/>
        <source>Account name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="87"/>
        <source>Log visit</source>
        <translation>记录拜访</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="89"/>
        <source>Log call</source>
        <translation>记录来电</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="90"/>
        <source>Process…</source>
        <translation>流程…</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="91"/>
        <source>Run a process</source>
        <translation>执行流程</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="92"/>
        <source>Run any process: delivery, after-sales, … (Ctrl+R)</source>
        <translation>执行任意流程：交付、售后…（Ctrl+R）</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="94"/>
        <source>Processes</source>
        <translation>流程</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="95"/>
        <source>+ Task</source>
        <translation>+ 任务</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="97"/>
        <source>+ Contact</source>
        <translation>+ 联系人</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="99"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="116"/>
        <source>Contacts, open tasks and timeline</source>
        <translation>联系人、待办任务和活动记录</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="240"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="240"/>
        <source>No contacts yet.</source>
        <translation>暂无联系人。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="241"/>
        <source>Open tasks</source>
        <translation>待办任务</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="241"/>
        <source>No open tasks.</source>
        <translation>暂无待办任务。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="243"/>
        <source>Timeline</source>
        <translation>活动记录</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="244"/>
        <source>Nothing logged yet. Log a visit or a call to start the timeline.</source>
        <translation>还没有任何记录。记录一次拜访或来电，活动记录就从这里开始。</translation>
    </message>
    <message>
        <location filename="../../ui/account_detail.py" line="274"/>
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
    <message>
        <location filename="../../ui/account_form.py" line="52"/>
        <source>Country</source>
        <translation>国家/地区</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="53"/>
        <source>(not given)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <location filename="../../ui/account_form.py" line="76"/>
        <source>Countr&amp;y</source>
        <translation>国家/地区(&amp;Y)</translation>
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
    <message>
        <location filename="../../ui/account_list.py" line="1"/>
        <source>Overdue</source>
        <translation>逾期</translation>
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
        <location filename="../../ui/call_desk.py" line="201"/>
        <source>Call desk</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="203"/>
        <location filename="../../ui/call_desk.py" line="204"/>
        <source>Caller&apos;s number</source>
        <translation>来电号码</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="207"/>
        <source>Look up</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="217"/>
        <source>Type the caller&apos;s number and press Enter. Incoming calls from the phone system open here by themselves.</source>
        <translation>输入来电号码后按回车。电话系统的来电会自动在这里打开。</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="225"/>
        <source>Matching accounts</source>
        <translation>匹配的客户</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="272"/>
        <source>Only part of a number was given; open the account if it fits.</source>
        <translation>只输入了号码的一部分；如果客户相符，请打开它。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/call_desk.py" line="260"/>
        <source>%n accounts have this number; choose one.</source>
        <translation>
            <numerusform>有 %n 个客户使用这个号码，请选择一个。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="272"/>
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
    <name>CodeSetEditor</name>
    <message>
        <location filename="../../ui/code_set_editor.py" line="45"/>
        <source>Code set key</source>
        <translation>代码集键</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="53"/>
        <location filename="../../ui/code_set_editor.py" line="61"/>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="58"/>
        <source>Codes</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="64"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="65"/>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="73"/>
        <source>+ Code</source>
        <translation>+ 代码</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="74"/>
        <source>+ Sub-code</source>
        <translation>+ 下级代码</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="75"/>
        <source>Retire / bring back</source>
        <translation>停用 / 恢复</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="76"/>
        <source>Colour…</source>
        <translation>颜色…</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="77"/>
        <source>↑</source>
        <translation>↑</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="78"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="79"/>
        <source>↓</source>
        <translation>↓</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="80"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="81"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="224"/>
        <source>Code colour</source>
        <translation>代码颜色</translation>
    </message>
    <message>
        <location filename="../../ui/code_set_editor.py" line="1"/>
        <source>Name</source>
        <translation>名称</translation>
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
    <message>
        <location filename="../../ui/conflicts_view.py" line="70"/>
        <source>Set aside</source>
        <translation>被搁置的</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="70"/>
        <source>Stands now</source>
        <translation>当前生效</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="95"/>
        <source>Use this value (U)</source>
        <translation>采用此值 (U)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="96"/>
        <source>Keep what stands (K)</source>
        <translation>保留当前值 (K)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="118"/>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="127"/>
        <source>the system “%1” (API key)</source>
        <translation>系统“%1”（API 密钥）</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="127"/>
        <source>you</source>
        <translation>您</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts_view.py" line="122"/>
        <source>someone else</source>
        <translation>其他人</translation>
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
    <message>
        <location filename="../../ui/conflicts_view.py" line="170"/>
        <source>Values of others that lost against yours are listed too.</source>
        <translation>他人与您冲突而被搁置的值也列在这里。</translation>
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
    <name>DesignProblems</name>
    <message>
        <location filename="../../app/design_rules.py" line="40"/>
        <source>The key “{key}” may hold only small letters, digits and _ and must start with a letter.</source>
        <translation>键“{key}”只能包含小写字母、数字和下划线，并且必须以字母开头。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="44"/>
        <source>Another code set already has the key “{key}”; choose another key.</source>
        <translation>已有代码集使用键“{key}”，请换一个键。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="47"/>
        <source>Another process already has the key “{key}”; choose another key.</source>
        <translation>已有流程使用键“{key}”，请换一个键。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="50"/>
        <source>Code set “{set}”: the key “{code}” is used by more than one code.</source>
        <translation>代码集“{set}”：键“{code}”被多个代码使用。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="53"/>
        <source>The step key “{step}” is used by more than one step.</source>
        <translation>步骤键“{step}”被多个步骤使用。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="71"/>
        <source>Code set “{set}”: the colour of “{code}” must look like #4e79a7.</source>
        <translation>代码集“{set}”：“{code}”的颜色格式应类似 #4e79a7。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="74"/>
        <source>Code set “{set}” has no code that can be chosen; add one or bring one back.</source>
        <translation>代码集“{set}”没有可选的代码，请添加一个或恢复一个已停用的代码。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="78"/>
        <source>Code set “{set}”: the code “{code}” was published and activities may use it; retire it instead of deleting it.</source>
        <translation>代码集“{set}”：代码“{code}”已发布，可能已被活动记录使用，请停用而不要删除。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="83"/>
        <source>Code set “{set}”: the code “{code}” sits under “{parent}”, which is not in the set.</source>
        <translation>代码集“{set}”：代码“{code}”的上级“{parent}”不在该代码集中。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="87"/>
        <source>Code set “{set}”: the code “{code}” ends up under itself.</source>
        <translation>代码集“{set}”：代码“{code}”最终成了自己的下级。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="90"/>
        <source>Code set “{set}”: the code “{code}” is on level {level}; codes nest at most 3 levels.</source>
        <translation>代码集“{set}”：代码“{code}”位于第 {level} 级，代码最多只能有 3 级。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="94"/>
        <source>“{step}” means the end of the process; give the step another key.</source>
        <translation>“{step}”表示流程结束，请给该步骤换一个键。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="97"/>
        <source>The process has no steps; add at least one.</source>
        <translation>该流程没有步骤，请至少添加一个。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="98"/>
        <source>Step “{step}” needs a code set to answer with.</source>
        <translation>步骤“{step}”需要选择一个用于回答的代码集。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="101"/>
        <source>Step “{step}” uses the code set “{set}”, which does not exist.</source>
        <translation>步骤“{step}”使用的代码集“{set}”不存在。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="104"/>
        <source>Step “{step}” uses the code set “{set}”, which has no code that can be chosen.</source>
        <translation>步骤“{step}”使用的代码集“{set}”没有可选的代码。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="108"/>
        <source>Step “{step}”: the answer “{code}” leads to the step “{target}”, which does not exist.</source>
        <translation>步骤“{step}”：答案“{code}”跳转到的步骤“{target}”不存在。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="112"/>
        <source>Step “{step}” branches on “{code}”, which is not a code of “{set}”.</source>
        <translation>步骤“{step}”按“{code}”分支，但它不是“{set}”中的代码。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="115"/>
        <source>Step “{step}” has more than one branch on the answer “{code}”.</source>
        <translation>步骤“{step}”对答案“{code}”设置了多个分支。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="118"/>
        <source>The answer “{code}” in step “{step}” leads back to “{target}”, so the process can go round in a circle: {path}.</source>
        <translation>步骤“{step}”中的答案“{code}”跳回到“{target}”，流程会形成循环：{path}。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="123"/>
        <source>Step “{step}” goes on to “{target}”, back up the process, so it can go round in a circle: {path}.</source>
        <translation>步骤“{step}”接着回到前面的“{target}”，流程会形成循环：{path}。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="128"/>
        <source>Step “{step}” goes on to the step “{target}”, which does not exist.</source>
        <translation>步骤“{step}”接着进入的步骤“{target}”不存在。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="131"/>
        <source>Step “{step}” has a follow-up on “{code}”, which is not a code of “{set}”.</source>
        <translation>步骤“{step}”针对“{code}”设置了跟进，但它不是“{set}”中的代码。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="135"/>
        <source>Step “{step}”: the follow-up on “{code}” must be a task, a visit or a call.</source>
        <translation>步骤“{step}”：针对“{code}”的跟进必须是任务、拜访或电话。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="139"/>
        <source>Step “{step}”: the follow-up on “{code}” must be due within 0 to 365 days.</source>
        <translation>步骤“{step}”：针对“{code}”的跟进期限必须在 0 到 365 天之内。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="143"/>
        <source>Step “{step}” has a rule on the retired code “{code}”; it can never be chosen.</source>
        <translation>步骤“{step}”有针对已停用代码“{code}”的规则，该代码已无法被选择。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="147"/>
        <source>No answer leads to step “{step}”; it is never shown.</source>
        <translation>没有任何答案会进入步骤“{step}”，它永远不会显示。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="150"/>
        <source>“{key}” is too large to publish; use fewer steps or codes.</source>
        <translation>“{key}”太大，无法发布，请减少步骤或代码。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="1"/>
        <source>“{key}” needs a name (in any language).</source>
        <translation>“{key}”需要一个名称（任何语言均可）。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="1"/>
        <source>Code set “{set}”: the code “{code}” needs a label (in any language).</source>
        <translation>代码集“{set}”：代码“{code}”需要一个标签（任何语言均可）。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="1"/>
        <source>Step “{step}” needs its question (in any language).</source>
        <translation>步骤“{step}”需要一个问题（任何语言均可）。</translation>
    </message>
    <message>
        <location filename="../../app/design_rules.py" line="1"/>
        <source>Step “{step}”: the follow-up on “{code}” needs a task title (in any language).</source>
        <translation>步骤“{step}”：针对“{code}”的跟进需要一个任务标题（任何语言均可）。</translation>
    </message>
</context>
<context>
    <name>DesignerView</name>
    <message>
        <location filename="../../ui/designer_view.py" line="64"/>
        <source>Designer</source>
        <translation>设计器</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="71"/>
        <location filename="../../ui/designer_view.py" line="85"/>
        <source>Code sets</source>
        <translation>代码集</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="74"/>
        <location filename="../../ui/designer_view.py" line="95"/>
        <source>Processes</source>
        <translation>流程</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="81"/>
        <source>+ Code set</source>
        <translation>+ 代码集</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="90"/>
        <source>+ Process</source>
        <translation>+ 流程</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="102"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="106"/>
        <source>Test run…</source>
        <translation>试运行…</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="108"/>
        <source>Walk through the draft as a user would; nothing is saved</source>
        <translation>像用户一样走一遍草稿，不会保存任何内容</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="111"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="168"/>
        <source>v%1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="220"/>
        <source>New code set</source>
        <translation>新建代码集</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="229"/>
        <source>New process</source>
        <translation>新建流程</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="262"/>
        <source>✔ No problems found.</source>
        <translation>✔ 未发现问题。</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="279"/>
        <source>Test run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="297"/>
        <source>Only managers and admins may publish.</source>
        <translation>只有经理和管理员可以发布。</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="314"/>
        <source>Code set “%1” published; it reaches everyone at the next sync.</source>
        <translation>代码集“%1”已发布，下次同步时所有人都会收到。</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="333"/>
        <source>“%1” version %2 published; new activities use it after the next sync.</source>
        <translation>“%1”第 %2 版已发布，下次同步后新的活动将使用此版本。</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="150"/>
        <source>Start from…</source>
        <translation>基于……新建</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="240"/>
        <source>A copy of “%1”</source>
        <translation>“%1”的副本</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="247"/>
        <source>Template: %1</source>
        <translation>模板：%1</translation>
    </message>
    <message>
        <location filename="../../ui/designer_view.py" line="1"/>
        <source>Name:</source>
        <translation>名称：</translation>
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
    <name>FileExchange</name>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>Export tasks to calendar</source>
        <translation>导出任务到日历</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>Calendar files (*.ics)</source>
        <translation>日历文件 (*.ics)</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>Export contacts</source>
        <translation>导出联系人</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>vCard files (*.vcf)</source>
        <translation>vCard 文件 (*.vcf)</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>Open an account first; its contacts are added to it.</source>
        <translation>请先打开一个客户；联系人将添加到该客户。</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>Import contacts into this account</source>
        <translation>将联系人导入此客户</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>%1 could not be read as contacts (vCard). Nothing was added.</source>
        <translation>无法将 %1 读取为联系人（vCard）。未添加任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>Contacts added: %1. Cards skipped: %2 (already here, no name, or unreadable details).</source>
        <translation>已添加联系人：%1。跳过的名片：%2（已存在、无姓名或信息无法读取）。</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>%1 could not be written. Choose another folder and try again.</source>
        <translation>无法写入 %1。请选择其他文件夹后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/exchange.py" line="1"/>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>DesignerUndo</name>
    <message>
        <location filename="../../ui/designer_undo.py" line="29"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/designer_undo.py" line="32"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../ui/designer_undo.py" line="37"/>
        <source>Undo and redo</source>
        <translation>撤销与重做</translation>
    </message>
</context>
<context>
    <name>FlowDiagram</name>
    <message>
        <location filename="../../ui/flow_diagram.py" line="55"/>
        <source>Process flow</source>
        <translation>流程图</translation>
    </message>
    <message>
        <location filename="../../ui/flow_diagram.py" line="70"/>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../ui/flow_diagram.py" line="90"/>
        <source>(otherwise)</source>
        <translation>（其他情况）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="1"/>
        <source>Export tasks to &amp;calendar…</source>
        <translation>导出任务到日历(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1"/>
        <source>Export c&amp;ontacts…</source>
        <translation>导出联系人(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1"/>
        <source>&amp;Import contacts (vCard)…</source>
        <translation>导入联系人 (vCard)(&amp;I)…</translation>
    </message>
    <message>
        <source>Insights</source>
        <translation>洞察</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>Send your changes and fetch new ones (F5)</source>
        <translation>上传您的更改并获取最新数据（F5）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162"/>
        <source>Sections</source>
        <translation>功能导航</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Accounts</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>Signed in as</source>
        <translation>当前用户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="104"/>
        <source>You are offline. Everything you do is saved on this computer and sent when the connection returns.</source>
        <translation>您已离线。所做的一切都保存在本机，网络恢复后会自动发送。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Call desk</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180"/>
        <source>Designer</source>
        <translation>设计器</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198"/>
        <source>&amp;Find account</source>
        <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199"/>
        <source>&amp;Caller&apos;s number</source>
        <translation>来电号码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200"/>
        <source>&amp;Account</source>
        <translation>客户(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="201"/>
        <source>&amp;New account…</source>
        <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202"/>
        <source>&amp;Sync</source>
        <translation>同步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="267"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../ui/problems.py" line="60"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="61"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="62"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="63"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="64"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="65"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="66"/>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="67"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="29"/>
        <source>This could not be saved on this computer; the disk may be full. Nothing was written: free some space and save again.</source>
        <translation>无法保存到本机，磁盘可能已满。没有写入任何内容：请释放一些空间后再保存。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="26"/>
        <source>%1 is needed.</source>
        <translation>请填写%1。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="23"/>
        <source>%1 is not valid; please check it.</source>
        <translation>%1无效，请检查。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="29"/>
        <source>%1 is too long; please shorten it to at most %2 characters.</source>
        <translation>%1太长，请缩短到 %2 个字符以内。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="31"/>
        <source>%1 must be one of: %2.</source>
        <translation>%1必须是以下之一：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="33"/>
        <source>%1 holds characters that cannot be saved; please retype it.</source>
        <translation>%1含有无法保存的字符，请重新输入。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="35"/>
        <source>%1 must be a whole number.</source>
        <translation>%1必须是整数。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="38"/>
        <source>%1 is not a date; please check it.</source>
        <translation>%1不是有效的日期，请检查。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="39"/>
        <source>%1 is not a date and time; please check it.</source>
        <translation>%1不是有效的日期和时间，请检查。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="42"/>
        <source>%1 cannot be saved by this version of Fieldbook.</source>
        <translation>此版本的 Fieldbook 无法保存%1。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="45"/>
        <source>This kind of record cannot be saved by this version of Fieldbook.</source>
        <translation>此版本的 Fieldbook 无法保存这类记录。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="48"/>
        <source>This record no longer exists, or you may no longer see it.</source>
        <translation>此记录已不存在，或您已无权查看。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="50"/>
        <source>%1 is already taken; please choose another.</source>
        <translation>%1已被占用，请另选一个。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="52"/>
        <source>Only a manager or an admin may make this change.</source>
        <translation>只有经理或管理员可以进行此更改。</translation>
    </message>
    <message>
        <location filename="../../ui/problems.py" line="68"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
</context>
<context>
    <name>ProcessEditor</name>
    <message>
        <location filename="../../ui/process_editor.py" line="52"/>
        <source>Process key</source>
        <translation>流程键</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="56"/>
        <location filename="../../ui/process_editor.py" line="70"/>
        <location filename="../../ui/process_editor.py" line="109"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="58"/>
        <location filename="../../ui/process_editor.py" line="281"/>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="59"/>
        <location filename="../../ui/process_editor.py" line="281"/>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="60"/>
        <source>Delivery</source>
        <translation>交付</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="61"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="67"/>
        <location filename="../../ui/process_editor.py" line="130"/>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="75"/>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="78"/>
        <source>+ Step</source>
        <translation>+ 步骤</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="79"/>
        <source>Remove step</source>
        <translation>删除步骤</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="80"/>
        <source>↑</source>
        <translation>↑</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="81"/>
        <source>↓</source>
        <translation>↓</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="84"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="85"/>
        <source>Step key</source>
        <translation>步骤键</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="91"/>
        <source>Code set</source>
        <translation>代码集</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="92"/>
        <source>Several answers may be chosen</source>
        <translation>可选择多个答案</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="93"/>
        <source>An answer is required</source>
        <translation>必须回答</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="98"/>
        <location filename="../../ui/process_editor.py" line="138"/>
        <source>Then go to</source>
        <translation>然后进入</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="103"/>
        <location filename="../../ui/process_editor.py" line="106"/>
        <source>If the answer is</source>
        <translation>如果答案是</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="103"/>
        <source>go to step</source>
        <translation>跳转到步骤</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="110"/>
        <source>Due in days</source>
        <translation>期限（天）</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="113"/>
        <location filename="../../ui/process_editor.py" line="139"/>
        <source>Branches</source>
        <translation>分支</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="114"/>
        <source>Follow-up tasks</source>
        <translation>跟进任务</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="117"/>
        <source>+ Branch</source>
        <translation>+ 分支</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="119"/>
        <source>Remove branch</source>
        <translation>删除分支</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="122"/>
        <source>+ Follow-up</source>
        <translation>+ 跟进</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="125"/>
        <source>Remove follow-up</source>
        <translation>删除跟进</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="135"/>
        <source>Answered with</source>
        <translation>回答使用</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="140"/>
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="182"/>
        <source>(choose a code set)</source>
        <translation>（选择代码集）</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="224"/>
        <source>(the next step)</source>
        <translation>（下一个步骤）</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="242"/>
        <source>%1 (retired)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="268"/>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="281"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="1"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="1"/>
        <source>Guidance</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../ui/process_editor.py" line="1"/>
        <source>Task (%1)</source>
        <translation>任务（%1）</translation>
    </message>
</context>
<context>
    <name>ProcessRunnerDialog</name>
    <message>
        <location filename="../../ui/process_runner.py" line="90"/>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="91"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="94"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="95"/>
        <source>← Back</source>
        <translation>← 上一步</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="135"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="83"/>
        <source>Show guidance</source>
        <translation>显示提示</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="151"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="151"/>
        <source>Next →</source>
        <translation>下一步 →</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="194"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="202"/>
        <source>Test run complete: %1 steps, %2 answers. Nothing was saved.</source>
        <translation>试运行完成：%1 个步骤，%2 个答案。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="205"/>
        <source>It would create these tasks: %1.</source>
        <translation>将会创建以下任务：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="213"/>
        <source>This activity could not be saved, and nothing was written: %1</source>
        <translation>无法保存此活动，未写入任何内容：%1</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="216"/>
        <source>This activity could not be saved on this computer; the disk may be full. Nothing was written: free some space and press Save again.</source>
        <translation>无法在本机保存此活动，磁盘可能已满。未写入任何内容：请释放一些空间后再次点击“保存”。</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="241"/>
        <source>Discard this entry?</source>
        <translation>放弃本次记录？</translation>
    </message>
    <message>
        <location filename="../../ui/process_runner.py" line="242"/>
        <source>The answers you picked have not been saved and will be lost.</source>
        <translation>您选择的答案尚未保存，放弃后将会丢失。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="57"/>
        <source>Change &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
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
    <message>
        <location filename="../../ui/settings_dialog.py" line="1"/>
        <source>Start on</source>
        <translation>启动时显示</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="1"/>
        <source>My role&apos;s page</source>
        <translation>按我的角色</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="1"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="1"/>
        <source>Call desk</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="1"/>
        <source>Start &amp;on</source>
        <translation>启动时显示(&amp;O)</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in.py" line="150"/>
        <source>This password was given by IT for one sign-in. Choose a new password and type it twice.</source>
        <translation>这个密码是 IT 提供的一次性密码。请设置新密码并输入两次。</translation>
    </message>
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
    <message>
        <location filename="../../ui/sign_in.py" line="1"/>
        <source>Staying signed in cannot work on this computer: it has no keyring (password store) to keep your sign-in in, so you will type your password at each start.</source>
        <translation>此电脑无法保持登录：它没有可保存登录信息的密钥环（密码库），因此每次启动都需要输入密码。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sign_in.py" line="1"/>
        <source>This computer has not reached the server for more than %n days, the most your IT department allows. Connect to the network to sign in.</source>
        <translation>
            <numerusform>这台电脑已超过 %n 天未连接服务器，超出了 IT 部门允许的期限。请连接网络后登录。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="1"/>
        <source>The server cannot be reached, and your IT department does not allow signing in without it.</source>
        <translation>无法连接服务器，而 IT 部门不允许在没有服务器的情况下登录。</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="1"/>
        <source>The server did not accept your sign-in. Type your password to go on syncing; your work on this computer is safe.</source>
        <translation>服务器未接受您的登录。请输入密码以继续同步；您在这台电脑上的工作不会丢失。</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <location filename="../../ui/step_view.py" line="49"/>
        <source>Choose any</source>
        <translation>可多选</translation>
    </message>
    <message>
        <location filename="../../ui/step_view.py" line="49"/>
        <source>Choose one</source>
        <translation>单选</translation>
    </message>
    <message>
        <location filename="../../ui/step_view.py" line="51"/>
        <source>%1 · optional</source>
        <translation>%1 · 选填</translation>
    </message>
    <message>
        <location filename="../../ui/step_view.py" line="1"/>
        <source>Not yet translated</source>
        <translation>尚未翻译</translation>
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
    <name>GuiSession</name>
    <message>
        <location filename="../../ui/launch.py" line="121"/>
        <source>Your Fieldbook account is disabled, so this computer can no longer sync. Ask your IT department.</source>
        <translation>你的 Fieldbook 账户已被停用，这台电脑无法再同步。请联系 IT 部门。</translation>
    </message>
    <message>
        <location filename="../../ui/launch.py" line="127"/>
        <source>What you had not synced yet is saved in this file; hand it to IT:
%1</source>
        <translation>尚未同步的内容已保存在这个文件中，请交给 IT：
%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/launch.py" line="1"/>
        <source>The local data on this computer was damaged. It was set aside as %1; %n change(s) not yet synced were kept and will be sent, and everything else is fetched from the server again.</source>
        <translation>
            <numerusform>这台电脑上的本地数据已损坏。它已被另存为 %1；%n 项尚未同步的更改已保留并将发送到服务器，其余数据将从服务器重新获取。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncText</name>
    <message>
        <location filename="../../ui/sync_text.py" line="103"/>
        <source>This password was given by IT for one sign-in; choose a new password to go on.</source>
        <translation>这个密码是 IT 提供的一次性密码；请设置新密码后继续。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="103"/>
        <source>Your Fieldbook account is disabled. Ask your IT department; what you have not synced is kept on this computer.</source>
        <translation>你的 Fieldbook 账户已被停用。请联系 IT 部门；尚未同步的内容保存在这台电脑上。</translation>
    </message>
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
        <location filename="../../ui/sync_text.py" line="70"/>
        <source>Installing the territory…</source>
        <translation>正在安装辖区数据…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="70"/>
        <source>Downloading the territory: %1 of %2 MB</source>
        <translation>正在下载辖区数据：%1 / %2 MB</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="70"/>
        <source>Downloading the territory: %1 of %2 MB, about %3 s left</source>
        <translation>正在下载辖区数据：%1 / %2 MB，约剩 %3 秒</translation>
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
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="77"/>
        <source>%n record(s) from the server could not be read by this version of Fieldbook and were set aside; everything else is synced. Support finds them in the diagnostics.</source>
        <translation>
            <numerusform>服务器上有 %n 条记录此版本的 Fieldbook 无法读取，已暂存一旁；其余内容均已同步。技术支持可在诊断信息中找到它们。</numerusform>
        </translation>
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
    <message>
        <location filename="../../ui/today_view.py" line="155"/>
        <source>The first %1 of %2 are shown; the rest follow as these are done.</source>
        <translation>仅显示 %2 项中的前 %1 项；完成这些后会显示其余各项。</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="149"/>
        <source>more than %1</source>
        <translation>超过 %1</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="1"/>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="1"/>
        <source>Loading… the first sync is bringing your work.</source>
        <translation>正在加载……首次同步正在取回您的工作。</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="1"/>
        <source>Moved to %1: %2</source>
        <translation>已改到 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="1"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="1"/>
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../ui/today_view.py" line="1"/>
        <source>Visit logged: %1</source>
        <translation>拜访已记录：%1</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <location filename="../../ui/call_desk.py" line="58"/>
        <source>Call wrap-up</source>
        <translation>通话小结</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="63"/>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="64"/>
        <source>Call note</source>
        <translation>通话备注</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="66"/>
        <source>← Back</source>
        <translation>← 上一步</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="70"/>
        <location filename="../../ui/call_desk.py" line="122"/>
        <source>Next →</source>
        <translation>下一步 →</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="74"/>
        <source>Call back tomorrow</source>
        <translation>明天回电</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="76"/>
        <source>Add a callback task for tomorrow (Ctrl+B)</source>
        <translation>添加明天的回电任务 (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="109"/>
        <source>Wrap-up %1 of %2: %3</source>
        <translation>小结 %1/%2：%3</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="122"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="160"/>
        <source>Call saved. Ready for the next call.</source>
        <translation>通话已保存，可以接听下一个来电。</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="166"/>
        <source>Call back %1</source>
        <translation>回电 %1</translation>
    </message>
    <message>
        <location filename="../../ui/call_desk.py" line="179"/>
        <source>Callback task added for tomorrow.</source>
        <translation>已添加明天的回电任务。</translation>
    </message>
</context>
<context>
    <name>InsightsView</name>
    <message>
        <source>Whose activities</source>
        <translation>谁的活动</translation>
    </message>
    <message>
        <source>Mine (on this computer)</source>
        <translation>我的（本机数据）</translation>
    </message>
    <message>
        <source>Whole team (online)</source>
        <translation>整个团队（需联网）</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时间段</translation>
    </message>
    <message>
        <source>Last 4 weeks</source>
        <translation>最近 4 周</translation>
    </message>
    <message>
        <source>Last 3 months</source>
        <translation>最近 3 个月</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>Dates below</source>
        <translation>按下方日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>By week</source>
        <translation>按周</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Territory</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>Export chart (PNG)…</source>
        <translation>导出图表 (PNG)…</translation>
    </message>
    <message>
        <source>Export data (CSV)…</source>
        <translation>导出数据 (CSV)…</translation>
    </message>
    <message>
        <source>Codes ranked by count</source>
        <translation>按次数排序的代码</translation>
    </message>
    <message>
        <source>Trend of each code</source>
        <translation>各代码的趋势</translation>
    </message>
    <message>
        <source>Click a bar to see its activities.</source>
        <translation>点击柱条查看对应的活动。</translation>
    </message>
    <message>
        <source>Activities behind the bar</source>
        <translation>柱条对应的活动</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Insights</source>
        <translation>洞察</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>All versions</source>
        <translation>所有版本</translation>
    </message>
    <message>
        <source>There is no question to count yet.</source>
        <translation>还没有可统计的问题。</translation>
    </message>
    <message>
        <source>The period must start on or before its end.</source>
        <translation>时间段的开始日期不能晚于结束日期。</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在向服务器查询…</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Your insights could not be counted just now.</source>
        <translation>暂时无法统计您的洞察。</translation>
    </message>
    <message>
        <source>No activity answered this question in the period.</source>
        <translation>该时间段内没有活动回答这个问题。</translation>
    </message>
    <message>
        <source>You are offline. The team's insights need a connection to the server; your own insights work offline.</source>
        <translation>您已离线。团队洞察需要连接服务器；您自己的洞察离线也可以查看。</translation>
    </message>
    <message>
        <source>Sign in again to see the team's insights.</source>
        <translation>请重新登录以查看团队洞察。</translation>
    </message>
    <message>
        <source>The server could not count the team's answers just now.</source>
        <translation>服务器暂时无法统计团队的回答。</translation>
    </message>
    <message>
        <source>Activities that answered “%1”:</source>
        <translation>回答了“%1”的活动：</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>The picture could not be saved there.</source>
        <translation>图片无法保存到该位置。</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The data could not be saved there.</source>
        <translation>数据无法保存到该位置。</translation>
    </message>
    <message numerus="yes">
        <source>%n activities answered this question.</source>
        <translation>
            <numerusform>%n 个活动回答了这个问题。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewPasswordFields</name>
    <message>
        <location filename="../../ui/new_password.py" line="11"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../ui/new_password.py" line="19"/>
        <source>Repeat the new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../ui/new_password.py" line="23"/>
        <source>&amp;New password</source>
        <translation>新密码(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/new_password.py" line="24"/>
        <source>&amp;Repeat it</source>
        <translation>再输一次(&amp;R)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/new_password.py" line="29"/>
        <source>Choose a new password of at least %n characters.</source>
        <translation>
            <numerusform>请设置至少 %n 个字符的新密码。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/new_password.py" line="31"/>
        <source>The two new passwords differ; type the same one twice.</source>
        <translation>两次输入的新密码不一致，请输入相同的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/new_password.py" line="33"/>
        <source>The new password must differ from the current one.</source>
        <translation>新密码不能与当前密码相同。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/change_password.py" line="29"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/change_password.py" line="31"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../ui/change_password.py" line="38"/>
        <source>&amp;Current password</source>
        <translation>当前密码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/change_password.py" line="54"/>
        <source>Type your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <location filename="../../ui/change_password.py" line="70"/>
        <source>The current password is wrong. Please try again.</source>
        <translation>当前密码不正确，请重试。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../ui/crash_text.py" line="44"/>
        <source>Fieldbook ran into an unexpected problem and stopped what it was doing (%1). What you saved is safe, and you can go on working.</source>
        <translation>Fieldbook 遇到了意外问题，已停止正在做的事情（%1）。已保存的内容是安全的，你可以继续工作。</translation>
    </message>
    <message>
        <location filename="../../ui/crash_text.py" line="54"/>
        <source>Fieldbook stopped because of an unexpected problem (%1).</source>
        <translation>Fieldbook 因意外问题而停止（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/crash_text.py" line="60"/>
        <source>The details are in the log: %1</source>
        <translation>详细信息已写入日志：%1</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="75"/>
        <source>Fieldbook: unexpected problem</source>
        <translation>Fieldbook：意外问题</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="83"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="84"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="102"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>LabelEdits</name>
    <message>
        <location filename="../../ui/label_edits.py" line="1"/>
        <source>%1 in %2</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>LabelMarks</name>
    <message>
        <location filename="../../ui/label_marks.py" line="1"/>
        <source>Not written in any language yet.</source>
        <translation>尚未用任何语言填写。</translation>
    </message>
    <message>
        <location filename="../../ui/label_marks.py" line="1"/>
        <source>Not translated into %1 yet: shown as written in %2.</source>
        <translation>尚未翻译成%1：按%2原文显示。</translation>
    </message>
</context>
<context>
    <name>Advanced</name>
    <message>
        <location filename="../../ui/advanced.py" line="1"/>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
</context>
</TS>
