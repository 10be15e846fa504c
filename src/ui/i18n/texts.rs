//! Every text of the dashboard in English and Simplified Chinese, one line per key:
//! `Name => "English", "简体中文";` (the `texts!` macro in `i18n/mod.rs` turns each list into
//! an enum and one exhaustive `match`, so a key without both texts does not compile). Texts
//! with a `{}` to fill are `Template`s, the others `Key`s. Generated once from the former
//! string table; maintained by hand, grouped by where the texts appear.

texts! {
    /// A text shown as is: `i18n::t(Key::PageFlow)`. Its texts contain no `{}`.
    Key {
        // pages and header
        PageInstances => "All instances", "全部实例";
        PageOverview => "Overview", "概览";
        PageSources => "Data sources", "数据源";
        PageSync => "Sync list", "同步列表";
        PageFlow => "Flow", "流量";
        HeaderPages => "Pages", "页面";
        HeaderInstance => "Bifrost instance", "Bifrost 实例";
        CommonNoDataYet => "No data yet: see the message above.", "暂无数据：见上方的提示。";
        ConfigLoading => "Loading configuration…", "正在加载配置…";
        ConfigInvalid => "The dashboard's configuration is not valid", "看板配置无效";
        ConfigFix => " (fix config.json beside index.html; see README, \"config.json\")", "（请修正 index.html 旁的 config.json；见 README 的 “config.json” 一节）";
        InstancesTitle => "All instances", "全部实例";
        InstancesRunning => "Sources running", "运行中的数据源";
        InstancesFailing => "Outputs failing", "失败的同步目标";
        InstancesLoading => "Loading…", "加载中…";
        FleetColServer => "Server", "服务器";
        FleetColState => "State", "状态";
        FleetColStalled => "Stalled", "停滞";
        FleetColBacklog => "Largest backlog", "最大积压";
        FleetColRate => "Rows/s now", "当前行/秒";
        FleetColAge => "Last answer", "上次应答";
        FleetColReach => "Reachable", "可达性";
        FleetColWhy => "Why", "原因";
        FleetFilterName => "Filter by name", "按名称筛选";
        FleetFilterState => "State filter", "状态筛选";
        FleetStateAll => "All states", "全部状态";
        FleetStateAttention => "Need attention", "需要关注";
        FleetStateFine => "Fine", "正常";
        FleetLevelDown => "Not answering", "无应答";
        FleetLevelStopped => "Stopped", "已停止";
        FleetLevelTrouble => "Trouble", "有故障";
        FleetLevelWarning => "Check", "需查看";
        FleetLevelPending => "Waiting", "等待中";
        FleetReachYes => "yes", "可达";
        FleetReachNo => "no answer", "无应答";
        FleetReasonUnreachable => "not answering", "无应答";
        FleetReasonStoppedIdle => "channel stopped: outputs failing and no rows moving", "通道已停止：同步目标失败且无数据流动";
        FleetReasonGrowing => "largest backlog growing", "最大积压在增长";
        FleetReasonPartly => "part of its data could not be read", "部分数据无法读取";
        FleetAllFine => ": all fine", "：全部正常";
        FleetOneServer => "1 server", "1 台服务器";
        FleetKeysHint => "↑ ↓ move between rows, Enter opens the server", "↑ ↓ 在行间移动，Enter 打开该服务器";
        FleetNoMatch => "No server matches the filter.", "没有符合筛选条件的服务器。";
        HeaderNever => "Not updated yet", "尚未更新";
        SigninTitle => "Sign in to Bifrost", "登录 Bifrost";
        SigninIntro => "This proxy does not add Bifrost's credentials: sign in with a Bifrost user (the read-only BifrostMonitor is enough). The password stays in this page's memory and is sent only to Bifrost, through the proxy.", "此代理不会添加 Bifrost 的凭据：请使用 Bifrost 用户登录（只读的 BifrostMonitor 即可）。密码只保存在本页面的内存中，只经代理发送给 Bifrost。";
        SigninUser => "User", "用户名";
        SigninPassword => "Password", "密码";
        SigninRemember => "Keep for this tab (session storage, cleared when the tab closes)", "在此标签页中保留（会话存储，关闭标签页即清除）";
        SigninSubmit => "Sign in", "登录";
        SigninSending => "Signing in…", "正在登录…";
        SigninBanned => "Bifrost refuses this address after too many failed logins: the ban lasts 4 hours. Wait, or ask the Bifrost administrator.", "登录失败次数过多，Bifrost 拒绝了该地址：封禁持续 4 小时。请等待，或联系 Bifrost 管理员。";
        SigninBanRule => "Bifrost allows 10 failed logins from one address; more than 10 ban that address (for Bifrost, the proxy's, shared by everyone using this dashboard) for 4 hours. Loopback addresses are never banned.", "Bifrost 允许同一地址登录失败 10 次；超过 10 次将封禁该地址 4 小时（对 Bifrost 而言是代理的地址，所有使用此仪表盘的人共用）。回环地址永不封禁。";
        HeaderStale => " (stale)", "（数据已过期）";
        HeaderUpdatedTitle => "Time since the last successful refresh", "距上次成功刷新的时间";
        HeaderRefreshEvery => "Refresh every", "刷新间隔";
        HeaderOff => "Off", "关闭";
        HeaderRefresh => "↻ Refresh", "↻ 刷新";
        HeaderRefreshNow => "Refresh now", "立即刷新";
        HeaderLanguage => "Language", "语言";
        HeaderTheme => "Theme", "主题";
        HeaderTime => "Times", "时间";
        ThemeAuto => "Auto", "跟随系统";
        ThemeLight => "Light", "浅色";
        ThemeDark => "Dark", "深色";
        TimeLocal => "Local time", "本地时间";
        TimeUtc => "UTC", "UTC";
        // units
        UnitRowsS => "rows/s", "行/秒";
        UnitBytesS => "B/s", "B/s";
        UnitRows => "rows", "行";
        UnitBytes => "B", "B";
        UnitS => "s", "秒";
        UnitMin => "min", "分钟";
        UnitH => "h", "小时";
        UnitD => "d", "天";
        // status vocabulary
        StateRunning => "running", "运行中";
        StateStarting => "starting", "启动中";
        StateStopped => "stopped", "已停止";
        StateClosed => "closed", "已关闭";
        StateError => "error", "错误";
        StateUnknown => "unknown", "未知";
        StateOk => "OK", "正常";
        StateIdle => "Idle", "无数据";
        StateFailing => "Failing", "失败";
        StateOutStopped => "Stopped", "已停止";
        // errors
        ErrorWhatSources => "Data sources", "数据源";
        ErrorWhatSync => "Sync list", "同步列表";
        // overview
        OverviewTitle => "Overview", "概览";
        OverviewFlowNow => "Flow now", "当前流量";
        OverviewAllSources => "all sources", "全部数据源";
        OverviewSources => "Data sources", "数据源";
        OverviewRunning => " running", " 运行中";
        OverviewFailing => "Outputs failing", "失败的同步目标";
        OverviewNoFailing => "● No output reports an error.", "● 没有同步目标报错。";
        OverviewBacklog => "Largest backlogs", "积压最多";
        OverviewLag => "Largest lag", "延迟最大";
        OverviewNone => "● None.", "● 无。";
        LagUnknownWhy => "Bifrost reports no success position for these outputs (with a MariaDB source it never does), so how far behind they are cannot be known.", "Bifrost 未报告这些同步目标的成功位点（MariaDB 数据源下始终如此），因此无法得知其落后多少。";
        // data sources
        SourcesTitle => "Data sources", "数据源";
        SourcesLoading => "Loading data sources…", "正在加载数据源…";
        SourcesEmpty => "This Bifrost has no data sources yet.", "此 Bifrost 还没有数据源。";
        SourcesColName => "Name", "名称";
        SourcesColStatus => "Status", "状态";
        SourcesColInput => "Input", "输入类型";
        SourcesColPosition => "Binlog position", "Binlog 位点";
        SourcesColDumped => "Dumped at", "解析时间";
        SourcesColChannels => "Channels", "通道";
        SourcesColTables => "Tables", "表";
        SourcesColAdded => "Added", "添加时间";
        SourcesColFlow => "Rows/s (10 min)", "行/秒（10 分钟）";
        SourcesToSync => "Show this source's sync list", "查看此数据源的同步列表";
        SourcesToFlow => "Show this source's flow", "查看此数据源的流量";
        SourcesDsn => "Connection (password masked)", "连接（已隐藏密码）";
        SourcesServerId => "server id ", "server id ";
        SparkNone => "no flow data", "无流量数据";
        // sync list
        SyncTitle => "Sync list", "同步列表";
        SyncLoading => "Loading the sync list…", "正在加载同步列表…";
        SyncEmpty => "No table is synced with these filters.", "没有符合这些筛选条件的同步表。";
        SyncLoadingRest => "loading the rest…", "正在加载其余部分…";
        SyncColStatus => "Status", "状态";
        SyncColSource => "Source / table", "数据源 / 表";
        SyncColKey => "Output", "同步目标";
        SyncColQueue => "Queue", "队列";
        SyncColLag => "Lag", "延迟";
        SyncColSuccess => "Last success", "最后成功位点";
        SyncColQueued => "Last queued", "最后入队位点";
        SyncColPlugin => "Plugin", "插件";
        SyncColError => "Error", "错误";
        SyncCaughtUp => "caught up", "已追上";
        SyncLagUnknown => "unknown", "未知";
        SyncDetails => "Output details", "同步目标详情";
        SyncClose => "Close details", "关闭详情";
        SyncFlowLink => "Flow of this table →", "此表的流量 →";
        SyncError => "Error", "错误";
        SyncWaitData => "Data waiting (ErrorWaitData)", "等待处理的数据（ErrorWaitData）";
        FilterSource => "Source", "数据源";
        FilterSchema => "Schema", "库";
        FilterTable => "Table", "表";
        FilterOutput => "Output", "同步目标";
        FilterChannel => "Channel", "通道";
        FilterStatus => "Status", "状态";
        FilterAll => "All", "全部";
        FilterSearch => "Search", "搜索";
        FilterSearchHint => "table, output, plugin, error…", "表、同步目标、插件、错误…";
        FilterError => "✕ error", "✕ 错误";
        FilterRunning => "✓ running", "✓ 运行中";
        FilterNodata => "○ no data", "○ 无数据";
        // flow
        FlowTitle => "Flow", "流量";
        FlowScope => "Scope", "范围";
        FlowAllSources => "All sources", "全部数据源";
        FlowWindow => "Window", "时间窗口";
        FlowCumulative => " Cumulative", " 累计值";
        FlowCompare => "Compare with", "对比";
        FlowAddSource => "add a source…", "添加数据源…";
        FlowChannel => "Channel", "通道";
        FlowAllChannels => "All channels", "全部通道";
        FlowTable => "Table", "表";
        FlowAllTables => "All tables", "全部表";
        FlowNoData => "No flow data for this scope and window yet.", "此范围和时间窗口暂无流量数据。";
        ChartNoPoints => "No points yet: Bifrost counts flow as rows arrive, and its history starts empty after a restart.", "暂无数据点：Bifrost 在有数据行到达时才统计流量，重启后历史从空开始。";
        FlowRowsS => "Rows per second", "每秒行数";
        FlowBytesS => "Bytes per second", "每秒字节数";
        FlowRowsTotal => "Rows (cumulative)", "行数（累计）";
        FlowBytesTotal => "Bytes (cumulative)", "字节数（累计）";
        FlowColTime => "Time", "时间";
        FlowColRows => "Rows/s", "行/秒";
        FlowColBytes => "Bytes/s", "字节/秒";
        FlowColRowsTotal => "Rows (total)", "行数（总计）";
        FlowColBytesTotal => "Bytes (total)", "字节数（总计）";
        FlowColNote => "Note", "备注";
        FlowRestart => "restart", "重启";
        FlowSummarySpan => "From ", "时间范围 ";
        FlowSummaryPeak => ", peak ", "，峰值 ";
        FlowAt => " at ", " 于 ";
        WindowMinute => "1 min", "1 分钟";
        WindowTenminute => "10 min", "10 分钟";
        WindowHour => "1 h", "1 小时";
        WindowEighthour => "8 h", "8 小时";
        WindowDay => "24 h", "24 小时";
        // export and capture (src/views/export.rs)
        ExportGroup => "Export", "导出";
        ExportCsv => "CSV", "导出 CSV";
        ExportJson => "JSON", "导出 JSON";
        ExportCapture => "Capture", "抓取原始数据";
        ExportCsvTitle => "Download what this page shows as CSV (filters applied)", "将本页显示的内容下载为 CSV（已应用筛选）";
        ExportJsonTitle => "Download what this page shows as JSON (filters applied)", "将本页显示的内容下载为 JSON（已应用筛选）";
        ExportCaptureTitle => "Save the raw API answers behind this view as one JSON file (bifrost-sim --replay FILE shows them again)", "将本视图背后的原始 API 响应保存为一个 JSON 文件（bifrost-sim --replay FILE 可重放）";
        // alert rules (src/views/alerts.rs)
        AlertsOff => "off", "关闭";
        AlertsRuleOutputError => "Output error present", "输出有错误";
        AlertsRuleSourceNotRunning => "Data source not running", "数据源未运行";
        AlertsRuleNoRows => "No rows for N minutes while the source runs", "数据源运行但 N 分钟无数据";
        AlertsRuleBacklog => "Backlog above N rows", "积压超过 N 行";
        AlertsRuleGrowing => "Backlog growing for N minutes", "积压持续增长 N 分钟";
        AlertsRuleLag => "Lag above N seconds", "延迟超过 N 秒";
        AlertsKindOutputError => "Output error", "输出错误";
        AlertsKindSourceNotRunning => "Data source not running", "数据源未运行";
        AlertsKindNoRows => "No rows for minutes", "若干分钟无数据";
        AlertsKindBacklog => "Backlog", "积压";
        AlertsKindBacklogGrowing => "Backlog growing", "积压持续增长";
        AlertsKindLag => "Lag (s)", "延迟（秒）";
        AlertsKindUnreachable => "Instance unreachable", "实例无法访问";
        AlertsRuleUnreachable => "Instance unreachable", "实例无法访问";
        AlertsRulePending => "Fire after the condition holds N seconds (at least 2 polls; empty = 60)", "条件持续 N 秒后触发（至少 2 次轮询；留空 = 60）";
        AlertsAcknowledge => "Acknowledge", "确认";
        AlertsSilence => "Silence 1 h", "静默 1 小时";
        AlertsAcknowledged => "acknowledged", "已确认";
        AlertsOpenTitle => "Open alerts", "当前告警";
        AlertsNotifyOn => "Desktop notifications: enable", "启用桌面通知";
        AlertsNotifyOff => "Desktop notifications: disable", "关闭桌面通知";
        AlertsNotifyFiring => "Bifrost alert", "Bifrost 告警";
        AlertsNotifyCleared => "Bifrost: back to normal", "Bifrost：已恢复正常";
        AlertsNotifyDenied => "The browser did not allow notifications.", "浏览器未允许通知。";
        AlertsNotifyUnavailable => "This browser cannot show notifications.", "此浏览器无法显示通知。";
        AlertsExport => "Export rules (JSON)", "导出规则（JSON）";
        AlertsImport => "Import rules (JSON)", "导入规则（JSON）";
        AlertsImported => "Rules imported.", "规则已导入。";
        AlertsRuleStalled => "Stalled (found by itself, no threshold)", "停滞（自动发现，无需阈值）";
        AlertsRuleFallingBehind => "Falling behind (queue keeps growing)", "落后（队列持续增长）";
        AlertsKindStalled => "Output stalled", "同步目标停滞";
        AlertsKindFallingBehind => "Output falling behind", "同步目标落后";
        AlertsKindSourceStalled => "Data source stalled", "数据源停滞";
        // health found from the trend across refreshes (src/model/trend.rs)
        HealthStalled => "Stalled", "停滞";
        HealthFallingBehind => "Falling behind", "落后";
        HealthCauseQueueStuck => "Rows are queued and none leave, while the source reads on.", "有数据排队但没有被消费，而数据源仍在读取。";
        HealthCauseError => "The output reports an error at every refresh.", "同步目标每次刷新都报告错误。";
        HealthCausePosition => "Its read position stands still while its flow counters say rows arrive.", "读取位点停止不动，而流量计数显示仍有数据到达。";
        HealthCauseGrowing => "Its queue has not gone down for several refreshes and keeps growing.", "其队列连续多次刷新没有下降，且仍在增长。";
        HealthTitle => "Stalled or falling behind", "停滞或落后";
        HealthNone => "No output is stalled or falling behind.", "没有停滞或落后的同步目标。";
        HealthOff => "Health checks are off (see the alert rules' settings).", "健康检查已关闭（见告警规则中的设置）。";
        HealthWatching => "Watching the trend: judged after a few refreshes.", "正在观察趋势：几次刷新后给出判断。";
        HealthEstimateWhy => "An estimate: the queue divided by the rate it grows at (the rate rows arrive while none leave).", "估计值：队列行数除以其增长速度（只进不出时的到达速度）。";
        HealthTrend => "Backlog trend", "积压趋势";
        HealthTrendNone => "Not enough refreshes yet for a trend.", "刷新次数不足，暂无趋势。";
        HealthSettings => "Health checks (no rule needed)", "健康检查（无需规则）";
        HealthSettingsOn => "Find stalls and growing backlogs by themselves", "自动发现停滞和持续增长的积压";
        HealthSettingsGrowing => "Falling behind after N refreshes of growth", "队列增长 N 次刷新后判定为落后";
        HealthSettingsStalled => "Stalled after N refreshes without movement", "N 次刷新无进展后判定为停滞";
        HealthSettingsError => "Stalled after N refreshes with an error", "连续 N 次刷新报错后判定为停滞";
        LagUnknownOne => "Bifrost reports no success position for this output, so how far behind it is cannot be known.", "Bifrost 未报告此同步目标的成功位点，因此无法得知其落后多少。";
        LagUnknownNoSource => "Its data source is not in Bifrost's list, so its lag cannot be known.", "其数据源不在 Bifrost 的列表中，因此无法得知其延迟。";
        LagUnknownQuiet => "Nothing queued, but its last queued position is behind the source's (a quiet table or a busy channel): its lag cannot be known.", "没有积压，但其最后入队位点落后于数据源（表较空闲或通道繁忙）：无法得知其延迟。";
        // errors grouped by cause (overview, sync list)
        CauseConnectionRefused => "connection refused", "连接被拒绝";
        CauseTimeout => "timeout", "超时";
        CauseAuthentication => "authentication", "认证失败";
        CauseUnknownObject => "unknown table/column", "表或列不存在";
        CauseDuplicateKey => "duplicate key", "主键/唯一键冲突";
        CauseQueueFull => "queue full", "队列已满";
        CauseCrash => "plugin crash", "插件崩溃";
        CauseOther => "other", "其他";
        CauseHintConnectionRefused => "Is the output's server up and reachable from Bifrost (address, port, firewall)?", "目标服务器是否在运行，Bifrost 能否访问它（地址、端口、防火墙）？";
        CauseHintTimeout => "The server answers too slowly or the network drops packets: check its load and the network path.", "服务器响应过慢或网络丢包：检查其负载和网络链路。";
        CauseHintAuthentication => "Check the user and password of the output's connection in Bifrost.", "检查 Bifrost 中该同步目标连接的用户名和密码。";
        CauseHintUnknownObject => "The target table or column is missing or named differently: create it or fix the field mapping.", "目标表或列不存在或名称不同：请创建它或修正字段映射。";
        CauseHintDuplicateKey => "The rows already exist in the target: check its primary and unique keys, and whether the data was loaded twice.", "目标中已存在这些行：检查其主键和唯一键，以及数据是否被重复导入。";
        CauseHintQueueFull => "One output's full queue (5000) stops every output of its channel: fix the slowest output first.", "一个同步目标的队列满（5000）会使其通道内所有同步目标停止：先处理最慢的那个。";
        CauseHintCrash => "The plugin panicked on a row: the full text holds the stack trace; report it with that row's data.", "插件在处理某一行时崩溃：完整文本中有调用栈；请连同该行数据一起报告。";
        CauseHintOther => "Read the example's full text.", "请阅读示例的完整文本。";
        CauseClear => "Show every output", "显示全部同步目标";
        CauseChips => "Failing by cause:", "按原因分组的失败：";
        // the timeline of what changed (overview)
        TimelineTitle => "What changed", "变更记录";
        TimelineNote => "Seen by this browser while a dashboard was open (the last 2,000 events per instance, kept in this browser); what happened while none was open is not known.", "本浏览器在看板打开期间看到的变化（每个实例保留最近 2,000 条，存于本浏览器）；没有看板打开时发生的事情无从得知。";
        TimelineEmpty => "Nothing has changed since this dashboard started watching.", "自看板开始监视以来没有任何变化。";
        TimelineKindAll => "Everything", "全部";
        TimelineKindSources => "Data sources", "数据源";
        TimelineKindOutputs => "Outputs", "同步目标";
        TimelineKindInstance => "Instance", "实例";
        TimelineFilter => "Filter", "筛选";
        TimelineFilterHint => "name, table, output…", "名称、表、同步目标…";
        TimelineBack => "Instance answers again", "实例恢复响应";
        TimelineRestart => "Bifrost restarted (its flow counters started again from zero)", "Bifrost 已重启（流量计数从零重新开始）";
        TimelineOpened => "Dashboard started watching", "看板开始监视";
        TimelineBandOk => "no failing output", "无失败的同步目标";
        TimelineBandFailing => "outputs failing", "有同步目标失败";
        TimelineBandUnreachable => "unreachable", "不可达";
        TimelineBandUnwatched => "not watched", "未监视";
        TimelineStrip => "State over the last 24 hours", "最近 24 小时的状态";

        CauseExample => "Example (full text on hover)", "示例（悬停查看完整文本）";
    }
}

texts! {
    /// A text with one `{}`, filled by `i18n::tf(Template::HeaderUpdated, arg)`.
    Template {
        // pages and header
        HeaderUpdated => "Updated {} ago", "{}前更新";
        FleetSummary => "{} servers", "{} 台服务器";
        FleetAttention => ": {} need attention", "：{} 台需要关注";
        FleetReasonStopped => "channel stopped: {} output queue(s) full", "通道已停止：{} 个同步目标队列已满";
        FleetReasonSources => "{} source(s) not running", "{} 个数据源未运行";
        FleetReasonStalled => "{} output(s) stalled", "{} 个同步目标停滞";
        FleetReasonFailing => "{} output(s) failing", "{} 个同步目标失败";
        SigninWrong => "Bifrost refused this user and password ({} failed from this page); the dashboard will not try it again by itself.", "Bifrost 拒绝了此用户名和密码（本页面已失败 {} 次）；仪表盘不会自动重试。";
        SigninLeft => "At most {} more failures before Bifrost bans the address (fewer if others behind the same proxy failed too).", "最多再失败 {} 次 Bifrost 就会封禁该地址（如果同一代理后的其他人也失败过，次数会更少）。";
        // overview
        OverviewOf => " of {}", " / 共 {}";
        OverviewQueued => "{} queued", "积压 {}";
        OverviewLagUnknown => "Lag unknown: {} outputs", "延迟未知：{} 个同步目标";
        // data sources
        SparkLabel => "last 10 minutes, now {}", "最近 10 分钟，当前 {}";
        // sync list
        SyncCount => "{} outputs", "{} 个同步目标";
        SyncCountMatch => "{} outputs match", "{} 个同步目标符合";
        SyncLagBehind => "{} behind", "落后 {}";
        SyncBifrostStatus => "(Bifrost status \"{}\")", "（Bifrost 状态 \"{}\"）";
        SyncNoOutputs => "Tables without outputs (not synced anywhere): {}", "没有同步目标的表（未同步到任何地方）：{}";
        // flow
        FlowStopCompare => "Stop comparing {}", "取消对比 {}";
        FlowNumbers => "The numbers for {}", "{} 的数据";
        FlowPoints => " ({} points)", "（{} 个点）";
        FlowSummaryNow => "{}: now ", "{}：当前 ";
        FlowSummaryRestarts => ", {} restart(s)", "，{} 次重启";
        FlowSummaryNone => "{}: no data for this scope and window", "{}：此范围和时间窗口无数据";
        FlowChannelScope => "{} / channel ", "{} / 通道 ";
        FlowChannelUnnamed => "The flow of channel {} cannot be shown: this Bifrost does not name that channel (Bifrost v1 names only its default channel), and a channel's flow is asked for by name. Shown instead: the whole source.", "无法显示通道 {} 的流量：此 Bifrost 不提供该通道的名称（Bifrost v1 只提供默认通道的名称），而通道流量只能按名称获取。改为显示：整个数据源。";
        FlowOtherChannelsV1 => "Bifrost v1 names only the default channel: the flow of this source's other {} channel(s) cannot be shown.", "Bifrost v1 只提供默认通道的名称：此数据源其他 {} 个通道的流量无法显示。";
        // alert rules (src/views/alerts.rs)
        AlertsTitle => "Alert rules for {}", "{} 的告警规则";
        AlertsCount => "{} alert(s) firing", "{} 条告警触发中";
        AlertsImportError => "These rules could not be imported: {}", "无法导入这些规则：{}";
        HealthSince => "since {}", "自 {} 起";
        HealthEstimate => "≈ {} of data (estimate)", "约 {} 的数据（估计）";
        HealthMore => "and {} more (largest backlogs first)", "另有 {} 个（按积压从大到小）";
        HealthGrowth => "{} rows/min", "{} 行/分钟";
        ChartRestarted => "No flow yet: Bifrost restarted at {}.", "暂无流量：Bifrost 于 {} 重启。";
        AlertsPendingSince => "pending since {}", "自 {} 起待定";
        AlertsFiringSince => "firing since {}", "自 {} 起触发";
        AlertsSilencedUntil => "silenced until {}", "静默至 {}";
        AlertsRecovered => "recovered at {}", "已于 {} 恢复";
        // errors grouped by cause (overview, sync list)
        CauseOutputs => "{} outputs", "{} 个同步目标";
        CauseSince => "since {}", "自 {} 起";
        CauseFilter => "Only the outputs failing with: {}", "仅显示因以下原因失败的同步目标：{}";
        // the timeline of what changed (overview)
        TimelineUnreachable => "Instance unreachable: {}", "实例不可达：{}";
        TimelineOpenedGap => "Dashboard started watching (not watched since {})", "看板开始监视（自 {} 起未监视）";
        TimelineFailing => "{} output(s) started failing: ", "{} 个同步目标开始失败：";
        TimelineRecovered => "{} output(s) recovered: ", "{} 个同步目标已恢复：";
        TimelineStalled => "{} output(s) stalled or falling behind: ", "{} 个同步目标停滞或落后：";
        TimelineResumed => "{} output(s) moving again: ", "{} 个同步目标已恢复推进：";
        TimelineSource => "Data source {}: ", "数据源 {}：";
        TimelineMore => " and {} more", " 等，另有 {} 个";

    }
}
