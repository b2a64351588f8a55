// Chinese is the console's first language; this file is the schema the English messages follow.
// Areas keep their messages in ./areas/<area>.<locale>.ts, one line each here.
import adminZh from './areas/admin.zh-CN'
import operatorZh from './areas/operator.zh-CN'
import reportsZh from './areas/reports.zh-CN'
import shellZh from './areas/shell.zh-CN'
import ticketsZh from './areas/tickets.zh-CN'
import agentDesk from './areas/agent.zh-CN'
import knowledgeZh from './areas/knowledge.zh-CN'
import workforceZh from './areas/workforce.zh-CN'
import supervisorDesk from './areas/supervisor.zh-CN'
const zhCN = {
  ...shellZh,
  agentDesk,
  supervisorDesk,
  admin: adminZh,
  operator: operatorZh,
  tickets: ticketsZh,
  reports: reportsZh,
  workforce: workforceZh,
  knowledge: knowledgeZh,
  app: {
    title: '政务热线云呼叫中心',
    tenant: '当前租户：',
    tenantPlaceholder: '未选择租户',
    language: '语言',
    collapseMenu: '收起菜单',
    expandMenu: '展开菜单',
  },
  menu: {
    agent: '坐席工作台',
    supervisor: '班长监控',
    tickets: '工单',
    knowledge: '知识库',
    reports: '报表',
    quality: '质检',
    scheduling: '排班',
    training: '培训考试',
    announcements: '公告',
    sms: '短信',
    tenantAdmin: '租户管理',
    operator: '平台运营',
    status: '系统状态',
  },
  placeholder: {
    underConstruction: '建设中',
    agent: '软电话（WebRTC）接听、来电弹屏、工单受理与知识检索。',
    supervisor: '坐席状态与队列实时监控，监听、强插、耳语。',
    tickets: '工单受理、派单、签收、办理、回访与归档，超时红黄牌预警。',
    knowledge: '政策与办事知识的维护和检索。',
    reports: '话务、工单与满意度报表。',
    tenantAdmin: '部门、用户、角色、技能组、坐席与号码管理。',
    operator: '租户开通、配额与平台运行管理。',
  },
  status: {
    title: '系统状态',
    description: '通过网关读取各服务的健康状态。',
    refresh: '刷新',
    checkedAt: '检查时间：{time}',
    neverChecked: '尚未检查',
    columns: {
      service: '服务',
      path: '接口',
      status: '状态',
      latency: '响应时间',
      problem: '错误信息',
    },
    targets: {
      gateway: '网关',
      tenant: '租户服务',
      call: '呼叫服务',
      ticket: '工单服务',
    },
    latencyMs: '{ms} 毫秒',
    latencyChart: '响应时间（毫秒）',
    failedCalls: '以下调用失败：',
    networkError: '网络错误',
    timeout: '请求超时',
  },
}

export type MessageSchema = typeof zhCN

export default zhCN
