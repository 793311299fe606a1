<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountListView</name>
    <message numerus="yes">
        <location filename="../../ui/account_list.py" line="200"/>
        <source>%n accounts</source>
        <translation>
            <numerusform>%n account</numerusform>
            <numerusform>%n accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/account_list.py" line="276"/>
        <source>More than %n accounts</source>
        <translation>
            <numerusform>More than %n account</numerusform>
            <numerusform>More than %n accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CallDesk</name>
    <message numerus="yes">
        <source>%n accounts have this number; choose one.</source>
        <translation>
            <numerusform>%n account has this number.</numerusform>
            <numerusform>%n accounts have this number; choose one.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncText</name>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="37"/>
        <source>synced %n min ago</source>
        <translation>
            <numerusform>synced %n min ago</numerusform>
            <numerusform>synced %n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="39"/>
        <source>synced %n h ago</source>
        <translation>
            <numerusform>synced %n h ago</numerusform>
            <numerusform>synced %n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="48"/>
        <source>%n unsynced</source>
        <translation>
            <numerusform>%n unsynced</numerusform>
            <numerusform>%n unsynced</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="55"/>
        <source>conflicts: %n ⚠</source>
        <translation>
            <numerusform>conflict: %n ⚠</numerusform>
            <numerusform>conflicts: %n ⚠</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="60"/>
        <source>Sending changes… %n sent</source>
        <translation>
            <numerusform>Sending changes… %n sent</numerusform>
            <numerusform>Sending changes… %n sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="61"/>
        <source>Receiving changes… %n received</source>
        <translation>
            <numerusform>Receiving changes… %n received</numerusform>
            <numerusform>Receiving changes… %n received</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="70"/>
        <source>Installing the territory…</source>
        <translation>Installing the territory…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="70"/>
        <source>Downloading the territory: %1 of %2 MB</source>
        <translation>Downloading the territory: %1 of %2 MB</translation>
    </message>
    <message>
        <location filename="../../ui/sync_text.py" line="70"/>
        <source>Downloading the territory: %1 of %2 MB, about %3 s left</source>
        <translation>Downloading the territory: %1 of %2 MB, about %3 s left</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="67"/>
        <source>%n sent</source>
        <translation>
            <numerusform>%n sent</numerusform>
            <numerusform>%n sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="68"/>
        <source>%n received</source>
        <translation>
            <numerusform>%n received</numerusform>
            <numerusform>%n received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_text.py" line="77"/>
        <source>%n record(s) from the server could not be read by this version of Fieldbook and were set aside; everything else is synced. Support finds them in the diagnostics.</source>
        <translation>
            <numerusform>%n record from the server could not be read by this version of Fieldbook and was set aside; everything else is synced. Support finds it in the diagnostics.</numerusform>
            <numerusform>%n records from the server could not be read by this version of Fieldbook and were set aside; everything else is synced. Support finds them in the diagnostics.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InsightsView</name>
    <message numerus="yes">
        <source>%n activities answered this question.</source>
        <translation>
            <numerusform>%n activity answered this question.</numerusform>
            <numerusform>%n activities answered this question.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message numerus="yes">
        <location filename="../../ui/sign_in.py" line="1"/>
        <source>This computer has not reached the server for more than %n days, the most your IT department allows. Connect to the network to sign in.</source>
        <translation>
            <numerusform>This computer has not reached the server for more than %n day, the most your IT department allows. Connect to the network to sign in.</numerusform>
            <numerusform>This computer has not reached the server for more than %n days, the most your IT department allows. Connect to the network to sign in.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GuiSession</name>
    <message numerus="yes">
        <location filename="../../ui/launch.py" line="1"/>
        <source>The local data on this computer was damaged. It was set aside as %1; %n change(s) not yet synced were kept and will be sent, and everything else is fetched from the server again.</source>
        <translation>
            <numerusform>The local data on this computer was damaged. It was set aside as %1; %n change not yet synced was kept and will be sent, and everything else is fetched from the server again.</numerusform>
            <numerusform>The local data on this computer was damaged. It was set aside as %1; %n changes not yet synced were kept and will be sent, and everything else is fetched from the server again.</numerusform>
        </translation>
    </message>
</context>
</TS>
