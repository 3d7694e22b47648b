<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>DisplayFormat</name>
        <message numerus="yes">
            <source>Up to %n: room for %n replica(s) of %1 each in the cluster's %2</source>
            <translation>
                <numerusform>Up to %n: room for %n replica of %1 each in the cluster's %2</numerusform>
                <numerusform>Up to %n: room for %n replicas of %1 each in the cluster's %2</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>OverrideDialog</name>
        <message numerus="yes">
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n day</numerusform>
                <numerusform>%n days</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ScheduleDisplay</name>
        <message numerus="yes">
            <source>%n replica(s)</source>
            <translation>
                <numerusform>%n replica</numerusform>
                <numerusform>%n replicas</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::ApplyBar</name>
        <message numerus="yes">
            <source>&amp;Apply %n change(s)</source>
            <translation>
                <numerusform>&amp;Apply %n change</numerusform>
                <numerusform>&amp;Apply %n changes</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::ApplyPreviewDialog</name>
        <message numerus="yes">
            <source>%n change(s)</source>
            <translation>
                <numerusform>%n change</numerusform>
                <numerusform>%n changes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n external-scaler call(s)</source>
            <translation>
                <numerusform>%n external-scaler call</numerusform>
                <numerusform>%n external-scaler calls</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::ApplySequence</name>
        <message numerus="yes">
            <source>Applying %n change(s)…</source>
            <translation>
                <numerusform>Applying %n change…</numerusform>
                <numerusform>Applying %n changes…</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::AuditView</name>
        <message numerus="yes">
            <source>%n entry(s) since %1</source>
            <translation>
                <numerusform>%n entry since %1</numerusform>
                <numerusform>%n entries since %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::ClusterHeader</name>
        <message numerus="yes">
            <source>%n node(s)</source>
            <translation>
                <numerusform>%n node</numerusform>
                <numerusform>%n nodes</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::ControllerApplyWorker</name>
        <message numerus="yes">
            <source> (already queued, and kept: %n earlier request(s) of this apply)</source>
            <translation>
                <numerusform> (already queued, and kept: %n earlier request of this apply)</numerusform>
                <numerusform> (already queued, and kept: %n earlier requests of this apply)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::CostView</name>
        <message numerus="yes">
            <source>%n more saved %1 (see the table)</source>
            <translation>
                <numerusform>%n more saved %1 (see the table)</numerusform>
                <numerusform>%n more saved %1 (see the table)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::MainWindow</name>
        <message numerus="yes">
            <source>Connected: %n application(s)</source>
            <translation>
                <numerusform>Connected: %n application</numerusform>
                <numerusform>Connected: %n applications</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n pending change(s), not yet sent to the cluster.</source>
            <translation>
                <numerusform>%n pending change, not yet sent to the cluster.</numerusform>
                <numerusform>%n pending changes, not yet sent to the cluster.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n change(s) made while waiting, not yet sent.</source>
            <translation>
                <numerusform>%n change made while waiting, not yet sent.</numerusform>
                <numerusform>%n changes made while waiting, not yet sent.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n change(s) made while waiting (is|are) still pending.</source>
            <translation>
                <numerusform>%n change made while waiting is still pending.</numerusform>
                <numerusform>%n changes made while waiting are still pending.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::PlacementNotice</name>
        <message numerus="yes">
            <source>%n more deployment(s) wait(s) too</source>
            <translation>
                <numerusform>%n more deployment waits too</numerusform>
                <numerusform>%n more deployments wait too</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::ScheduleCoordinator</name>
        <message numerus="yes">
            <source>%n replica(s) serving stop(s)</source>
            <translation>
                <numerusform>%n replica serving stops</numerusform>
                <numerusform>%n replicas serving stop</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Schedules: %n enforced by this ScaleDeck</source>
            <translation>
                <numerusform>Schedules: %n enforced by this ScaleDeck</numerusform>
                <numerusform>Schedules: %n enforced by this ScaleDeck</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>scaledeck::WeekGridWidget</name>
        <message numerus="yes">
            <source>%n replica(s)</source>
            <translation>
                <numerusform>%n replica</numerusform>
                <numerusform>%n replicas</numerusform>
            </translation>
        </message>
    </context>
</TS>
