import { useMemo, useState, type ReactNode } from 'react'
import { Alert, Card, Col, DatePicker, Empty, Row, Space, Statistic, Typography } from 'antd'
import dayjs from 'dayjs'
import type { Village } from '../../../shared/api/types'
import { formatFen, type Fen } from '../../../shared/money'
import { AGE_BUCKET_LABELS, AGE_BUCKETS } from '../../../shared/registers/ageing'
import { ASSET_NATURE_LABELS, ASSET_NATURES } from '../../../shared/registers/assets'
import { USE_STATUS_LABELS, USE_STATUSES } from '../../../shared/registers/parcels'
import { useQuery } from '../api/useQuery'
import { PageTitle } from '../app/PageTitle'
import { navigate, type RouteKey } from '../app/routes'
import { fenOf } from '../ledger/money'
import { WithVillage } from '../ledger/WithVillage'
import { EChart, type ChartOption } from './EChart'
import { areaUnits, fmtAreaUnits, today } from './parts'
import { RegisterExportButton } from './RegisterExportButton'

/** 三资概览: one village's 资金, 资产 and 资源 at a date, their composition and the receivables' ageing, with the 明白台账 export. */
export function DashboardPage() {
  return <WithVillage>{(v) => <Dashboard key={v.id} village={v} />}</WithVillage>
}

/** the parts of the composition chart, in the order of `figures` */
const PARTS = ['库存现金', '银行存款', '应收款项', '库存物资', '生物资产', '长期投资', '固定资产净值']
const PALETTE = ['#1d5fbf', '#3ba272', '#fac858', '#ee6666', '#73c0de', '#9a60b4', '#fc8452', '#91cc75', '#ea7ccc', '#5470c6']
/** fen as yuan for drawing only (the figures shown are formatted from the integers) */
const yuanNumber = (fen: Fen) => fen / 100
const yuanLabel = (v: unknown) => formatFen(Math.round(Number(v) * 100))

function pie(name: string, data: { name: string; value: number }[], unit: 'yuan' | 'mu'): ChartOption {
  const fmt = unit === 'yuan' ? (v: unknown) => `${yuanLabel(v)} 元` : (v: unknown) => `${fmtAreaUnits(Math.round(Number(v) * 10_000))} 亩`
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', valueFormatter: fmt },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', textStyle: { fontSize: 12 } },
    series: [{ name, type: 'pie', radius: ['42%', '70%'], center: ['34%', '50%'], avoidLabelOverlap: true, label: { show: false }, data: data.filter((d) => d.value > 0) }],
  }
}

/** a pie of amounts given as "fen,fen,…" (a string, so that the chart is rebuilt only when a figure changes) */
function yuanPie(name: string, names: readonly string[], fens: string): ChartOption {
  return pie(name, fens.split(',').map((f, i) => ({ name: names[i] ?? '', value: yuanNumber(Number(f)) })), 'yuan')
}

const NATURE_NAMES = ASSET_NATURES.map((n) => ASSET_NATURE_LABELS[n])

function Dashboard(props: { village: Village }) {
  const { village } = props
  const [date, setDate] = useState(today())
  const v = village.id
  const bank = useQuery('bankAccount.list', { villageId: v, asOf: date })
  const period = date.slice(0, 7)
  const books = useQuery('report.trialBalance', period >= village.startPeriod ? { villageId: v, from: period, to: period, level: 1 } : null)
  const claims = useQuery('claims.list', { villageId: v, date })
  const operating = useQuery('asset.list', { villageId: v, asOf: date, nature: 'operating', limit: 1 })
  const nonOperating = useQuery('asset.list', { villageId: v, asOf: date, nature: 'nonOperating', limit: 1 })
  const welfare = useQuery('asset.list', { villageId: v, asOf: date, nature: 'publicWelfare', limit: 1 })
  const inventory = useQuery('inventory.list', { villageId: v, asOf: date })
  const bio = useQuery('bioAsset.list', { villageId: v, asOf: date })
  const investment = useQuery('investment.list', { villageId: v, asOf: date })
  const parcels = useQuery('parcel.list', { villageId: v, asOf: date, limit: 10_000 })
  const contracts = useQuery('contract.list', { villageId: v, asOf: date, limit: 1 })
  const alerts = useQuery('register.alerts', { villageId: v, date })
  const errors = [bank, claims, operating, parcels, contracts, alerts].map((q) => q.error?.message).filter((m): m is string => !!m)

  const natureNet = [fenOf(operating.data?.totals.netValue), fenOf(nonOperating.data?.totals.netValue), fenOf(welfare.data?.totals.netValue)]
  const natureKey = `${natureNet[0]},${natureNet[1]},${natureNet[2]}`
  const cash = fenOf(bank.data?.cash.balance)
  // 银行存款 as the books have it (the bank register only covers the accounts registered in it): 102 at the month's end
  const row102 = books.data?.rows.find((r) => r.code === '102')
  const deposits = fenOf(row102?.closingDebit) - fenOf(row102?.closingCredit)
  const others = [fenOf(claims.data?.totals.receivable.balance), fenOf(inventory.data?.total), fenOf(bio.data?.total), fenOf(investment.data?.total), (natureNet[0] ?? 0) + (natureNet[1] ?? 0) + (natureNet[2] ?? 0)]
  const funds = cash + deposits
  const assets = others.reduce((s, f) => s + f, 0)
  const figures = [cash, deposits, ...others]
  const figuresKey = figures.join(',')

  const land = useMemo(() => {
    const byClass = new Map<string, number>()
    for (const p of parcels.data?.rows ?? []) byClass.set(p.landClass, (byClass.get(p.landClass) ?? 0) + areaUnits(p.area))
    return [...byClass].sort((a, b) => b[1] - a[1])
  }, [parcels.data])
  const totalArea = areaUnits(parcels.data?.totalArea)
  const alertCount = alerts.data ? alerts.data.overdue.contracts.length + alerts.data.expiring.length + alerts.data.unsigned.length + (bank.data?.cash.over ? 1 : 0) : 0

  const composition = useMemo(() => yuanPie('三资构成', PARTS, figuresKey), [figuresKey])
  const natures = useMemo(() => yuanPie('固定资产（净值）', NATURE_NAMES, natureKey), [natureKey])
  const landChart = useMemo<ChartOption>(
    () => ({
      color: ['#3ba272'],
      tooltip: { trigger: 'axis', valueFormatter: (x: unknown) => `${fmtAreaUnits(Math.round(Number(x) * 10_000))} 亩` },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (x: number) => x.toLocaleString('zh-CN') } },
      yAxis: { type: 'category', inverse: true, data: land.map(([c]) => c), axisLabel: { fontSize: 12 } },
      series: [{ type: 'bar', name: '面积', barMaxWidth: 18, data: land.map(([, units]) => units / 10_000) }],
    }),
    [land],
  )
  const ageing = claims.data?.totals.receivable
  const ageingChart = useMemo<ChartOption>(
    () => ({
      color: ['#1d5fbf'],
      tooltip: { trigger: 'axis', valueFormatter: (x: unknown) => `${yuanLabel(x)} 元` },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: AGE_BUCKETS.map((b) => AGE_BUCKET_LABELS[b]) },
      yAxis: { type: 'value', axisLabel: { formatter: (x: number) => (x >= 10_000 ? `${(x / 10_000).toLocaleString('zh-CN')}万` : String(x)) } },
      series: [
        {
          type: 'bar',
          name: '应收款项',
          barMaxWidth: 48,
          data: AGE_BUCKETS.map((b, i) => ({ value: yuanNumber(fenOf(ageing?.[b])), itemStyle: { color: ['#3ba272', '#fac858', '#fc8452', '#ee6666'][i] } })),
          label: { show: true, position: 'top', formatter: (p: { value?: unknown }) => (Number(p.value) > 0 ? yuanLabel(p.value) : ''), fontSize: 11 },
        },
      ],
    }),
    [ageing],
  )

  return (
    <>
      <PageTitle
        title="三资概览"
        extra={
          <Space>
            <DatePicker aria-label="日期" allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
            <RegisterExportButton village={village} date={date} />
          </Space>
        }
      />
      {errors.length > 0 ? <Alert type="error" showIcon message={errors[0]} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[12, 12]} data-testid="dashboard-figures">
        <Figure title="资金（货币资金）" value={formatFen(funds)} suffix="元" to="funds/bank" />
        <Figure title="资产（不含货币资金）" value={formatFen(assets)} suffix="元" to="assets/cards" />
        <Figure title="资源" value={fmtAreaUnits(totalArea)} suffix={`亩 · ${parcels.data?.total ?? 0} 宗`} to="resources/parcels" />
        <Figure title="合同欠款" value={formatFen(fenOf(contracts.data?.totals.outstanding))} suffix={`元 · ${contracts.data?.total ?? 0} 份合同`} to="contracts/list" danger={fenOf(contracts.data?.totals.outstanding) > 0} />
        <Figure title="预警" value={String(alertCount)} suffix="项" to="registers/alerts" danger={alertCount > 0} />
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title="三资构成（金额）">
            {figures.some((f) => f !== 0) ? <EChart option={composition} testId="chart-composition" ariaLabel="三资构成" /> : <NoData />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="固定资产按性质（净值）">
            {natureNet.some((f) => f !== 0) ? <EChart option={natures} testId="chart-natures" ariaLabel="固定资产按性质" /> : <NoData />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title="资源按地类（亩）"
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {USE_STATUSES.filter((s) => parcels.data?.areaByStatus[s])
                  .map((s) => `${USE_STATUS_LABELS[s]} ${fmtAreaUnits(areaUnits(parcels.data?.areaByStatus[s]))}`)
                  .join('　')}
              </Typography.Text>
            }
          >
            {land.length > 0 ? <EChart option={landChart} height={Math.max(260, land.length * 26 + 40)} testId="chart-land" ariaLabel="资源按地类" /> : <NoData />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="应收款项账龄" extra={<a onClick={() => navigate('funds/claims')}>债权债务</a>}>
            {fenOf(ageing?.balance) !== 0 ? <EChart option={ageingChart} testId="chart-ageing" ariaLabel="应收款项账龄" /> : <NoData />}
          </Card>
        </Col>
      </Row>
    </>
  )
}

function NoData() {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" style={{ height: 260, display: 'flex', flexDirection: 'column', justifyContent: 'center', margin: 0 }} />
}

function Figure(props: { title: string; value: string; suffix: ReactNode; to: RouteKey; danger?: boolean }) {
  return (
    <Col flex="1 1 200px">
      <Card size="small" hoverable onClick={() => navigate(props.to)}>
        <Statistic title={props.title} value={props.value} suffix={<span style={{ fontSize: 13, color: '#6b7280' }}>{props.suffix}</span>} styles={{ content: { fontSize: 22, color: props.danger ? '#cf1322' : undefined } }} />
      </Card>
    </Col>
  )
}
