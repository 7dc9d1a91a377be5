import { useState, type ReactNode } from 'react'
import { Alert, App, Button, Descriptions, Modal, Space, Table, Tag, Typography, Upload } from 'antd'
import { InboxOutlined } from '@ant-design/icons'
import type { PickedFile } from '../../../shared/api/bridge'
import type { AssetImportResult } from '../../../shared/api/registerTypes'
import type { ContractImportResult, ResourceImportResult } from '../../../shared/api/resourceTypes'
import type { ChartImportResult, ImportIssue, ImportKind, OpeningImportResult, VoucherImportResult } from '../../../shared/api/types'
import { call, toApiError } from '../api/client'
import { dialogValue, nativeFiles } from '../jobs/files'
import { JobProgressBar, useJobProgress } from '../jobs/progress'
import { fmtYuan } from '../ledger/money'

type Result = VoucherImportResult | OpeningImportResult | ChartImportResult | AssetImportResult | ResourceImportResult | ContractImportResult

const TITLES: Record<ImportKind, string> = { vouchers: '导入序时账（凭证）', opening: '导入期初余额', chart: '导入科目表', assets: '导入固定资产卡片', resources: '导入资源台账', contracts: '导入合同台账' }
const ABOUT: Record<ImportKind, string> = {
  vouchers: '序时账的每一行是一条分录（日期、凭证号、摘要、科目编码、借方金额、贷方金额、往来单位、附单据数）；同一日期和凭证号的行组成一张凭证，导入后为草稿，经审核、记账生效。',
  opening: '期初余额按末级科目填写（科目编码、方向、期初余额、往来单位）；导入将替换现有的全部期初余额。',
  chart: '科目表按 3-2-2-2 编码填写明细科目（科目编码、科目名称、辅助核算）；已有的科目保持不变。',
  assets: '每行一张固定资产卡片（资产编码、名称、类别、经营性/非经营性、取得日期、原值、预计使用年限(月)、净残值率、折旧方法、累计折旧、使用状况等）；累计折旧为截至上次计提月末（或建账期初）的数额，导入后与 151、152 余额核对。',
  resources: '每行一宗资源（资源编号、名称、地类、面积(亩)、坐落、四至、宗地号、权属、使用状况、承包方/承租方）；面积最多 4 位小数。',
  contracts: '每行一份合同（合同编号、合同名称、类型、甲方、乙方、标的编号、起止日期、合同金额、收款方式、递增、保证金、已收金额、年租金(首年)）；标的须已在资源或资产台账中，已收金额中账上已记账的收款自动匹配到凭证。',
}

/** A file picked in the browser as base64 (the import methods take it so). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''))
    r.onerror = () => reject(new Error(`无法读取文件“${file.name}”`))
    r.readAsDataURL(file)
  })
}

async function runImport(kind: ImportKind, villageId: number, file: PickedFile, commit: boolean): Promise<Result> {
  if (kind === 'vouchers') return call('import.vouchers', { villageId, file, commit })
  if (kind === 'opening') return call('import.opening', { villageId, file, commit })
  if (kind === 'assets') return call('import.assets', { villageId, file, commit })
  if (kind === 'resources') return call('import.resources', { villageId, file, commit })
  if (kind === 'contracts') return call('import.contracts', { villageId, file, commit })
  return call('import.chart', { villageId, file, commit })
}

/**
 * Import from Excel or CSV in two steps: the engine reads the whole file and reports every problem by sheet,
 * row and column (nothing is written); only a file without problems can then be imported, in one go. The file
 * comes from the native 打开 dialog in the desktop app, from the browser's file input elsewhere, or is dropped
 * on the box; while the engine works, its progress (「已写入 N / M 行」) shows under the box.
 */
export function ImportDialog(props: { kind: ImportKind; villageId: number; open: boolean; onClose: (imported: Result | null) => void }) {
  const { kind } = props
  const { message } = App.useApp()
  const [file, setFile] = useState<PickedFile | null>(null)
  const [preview, setPreview] = useState<Result | null>(null)
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const progress = useJobProgress('import', kind, busy !== null)
  const files = nativeFiles()

  const reset = () => {
    setFile(null)
    setPreview(null)
    setError(null)
  }

  /** Checks a file (nothing is written); `pick` gives null when the user cancelled. */
  const check = async (pick: () => Promise<PickedFile | null>) => {
    reset()
    setBusy('preview')
    try {
      const picked = await pick()
      if (!picked) return
      setFile(picked)
      setPreview(await runImport(kind, props.villageId, picked, false))
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(null)
    }
  }
  const choose = (f: File) => check(async () => ({ fileName: f.name, contentBase64: await readBase64(f) }))
  const chooseNative = files ? () => check(() => dialogValue(files.openImportFile({ title: TITLES[kind] }), 'openImportFile')) : null

  const commit = async () => {
    if (!file) return
    setBusy('commit')
    setError(null)
    try {
      const r = await runImport(kind, props.villageId, file, true)
      message.success(`已导入「${r.fileName}」`)
      reset()
      props.onClose(r)
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(null)
    }
  }

  const ok = preview !== null && preview.errorCount === 0
  return (
    <Modal
      open={props.open}
      title={TITLES[kind]}
      width={860}
      destroyOnHidden
      onCancel={() => {
        reset()
        props.onClose(null)
      }}
      footer={
        <Space>
          <Button
            onClick={() => {
              reset()
              props.onClose(null)
            }}
          >
            取消
          </Button>
          <Button type="primary" disabled={!ok} loading={busy === 'commit'} onClick={() => void commit()}>
            正式导入
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {ABOUT[kind]}
        {kind === 'assets' || kind === 'resources' || kind === 'contracts' ? <TemplateLink kind={kind} /> : null}
      </Typography.Paragraph>
      <div onClick={chooseNative && busy === null ? () => void chooseNative() : undefined}>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={busy !== null}
          // in the desktop app a click opens the native dialog; dropping a file works everywhere
          openFileDialogOnClick={chooseNative === null}
          beforeUpload={(f) => {
            void choose(f)
            return false
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{busy === 'preview' ? '正在检查文件…' : file ? `已选：${file.fileName}（点击或拖入可换一个文件）` : '点击选择或拖入 Excel（.xlsx）或 CSV 文件'}</p>
          <p className="ant-upload-hint">先检查全部内容，无误后才能正式导入；有任何问题都不会写入账套。</p>
        </Upload.Dragger>
      </div>
      {busy !== null ? <JobProgressBar progress={progress} style={{ marginTop: 12 }} /> : null}
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} message={error} /> : null}
      {preview ? <Preview r={preview} /> : null}
    </Modal>
  )
}

/** 下载导入模板: the importer's own headers and an example row, saved where the user says (desktop) or in the export folder. */
function TemplateLink(props: { kind: 'assets' | 'resources' | 'contracts' }) {
  const { modal, message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const download = async () => {
    const files = nativeFiles()
    setBusy(true)
    try {
      let to: string | undefined
      if (files) {
        const chosen = await dialogValue(files.chooseExportPath({ title: '保存导入模板', defaultName: `${TITLES[props.kind].replace(/^导入/, '')}导入模板.xlsx` }), 'chooseExportPath')
        if (chosen === null) return
        to = chosen
      }
      const r = await call('import.template', { kind: props.kind, to })
      modal.success({
        title: '已生成导入模板',
        content: (
          <div>
            <Typography.Paragraph copyable={{ text: r.path }} style={{ marginBottom: 4 }}>
              {r.path}
            </Typography.Paragraph>
            {files ? <Button size="small" onClick={() => void dialogValue(files.showInFolder(r.path), 'showInFolder').catch((e: unknown) => message.error(toApiError(e).message))}>打开所在文件夹</Button> : null}
          </div>
        ),
      })
    } catch (e) {
      message.error(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button type="link" size="small" loading={busy} onClick={() => void download()} data-testid="import-template">
      下载导入模板
    </Button>
  )
}

function Preview(props: { r: Result }) {
  const { r } = props
  const where = [r.format === 'csv' ? `CSV（${r.encoding ?? ''}）` : 'Excel', r.sheet ? `工作表「${r.sheet}」` : null, r.headerRow ? `表头在第 ${r.headerRow} 行` : null]
    .filter(Boolean)
    .join('，')
  let facts: { key: string; label: string; children: ReactNode }[]
  if (r.kind === 'vouchers') {
    facts = [
      { key: 'v', label: '凭证', children: `${r.vouchers} 张，${r.lines} 行分录` },
      { key: 'd', label: '日期', children: r.firstDate ? `${r.firstDate} 至 ${r.lastDate}` : '—' },
      { key: 't', label: '借方合计', children: fmtYuan(r.debit) },
      { key: 'c', label: '贷方合计', children: fmtYuan(r.credit) },
    ]
  } else if (r.kind === 'opening') {
    facts = [
      { key: 'n', label: '期初余额', children: `${r.rows} 行${r.replaced > 0 ? `（将替换现有 ${r.replaced} 行）` : ''}` },
      { key: 'b', label: '试算', children: r.balanced ? <Tag color="success">借贷平衡</Tag> : <Tag color="error">借贷不平衡</Tag> },
      { key: 't', label: '借方合计', children: fmtYuan(r.debit) },
      { key: 'c', label: '贷方合计', children: fmtYuan(r.credit) },
    ]
  } else if (r.kind === 'assets') {
    facts = [
      { key: 'n', label: '卡片', children: `${r.cards} 张` },
      { key: 'a', label: '累计折旧截至', children: `${r.accumulatedAsOf} 月末` },
      { key: 'o', label: '原值合计', children: fmtYuan(r.originalValue) },
      { key: 'd', label: '累计折旧合计', children: fmtYuan(r.accumulated) },
    ]
  } else if (r.kind === 'resources') {
    facts = [
      { key: 'n', label: '资源', children: `${r.parcels} 宗` },
      { key: 'a', label: '面积合计', children: `${r.totalArea} 亩` },
    ]
  } else if (r.kind === 'contracts') {
    facts = [
      { key: 'n', label: '合同', children: `${r.contracts} 份` },
      { key: 'a', label: '合同金额合计', children: fmtYuan(r.amount) },
      { key: 'm', label: '匹配到凭证的收款', children: fmtYuan(r.matched) },
      { key: 'o', label: '建账前已收', children: fmtYuan(r.openingReceived) },
    ]
  } else {
    facts = [
      { key: 'n', label: '科目', children: `${r.accounts} 个` },
      { key: 'c', label: '新增', children: `${r.created} 个` },
      { key: 'u', label: '已有', children: `${r.unchanged} 个（保持不变）` },
    ]
  }
  return (
    <div style={{ marginTop: 14 }} data-testid="import-preview">
      {r.errorCount > 0 ? (
        <Alert type="error" showIcon message={`发现 ${r.errorCount} 处问题，请在文件中改正后重新选择（不会写入任何数据）`} style={{ marginBottom: 10 }} />
      ) : (
        <Alert type="success" showIcon message={r.committed ? '已导入' : '检查通过，可以正式导入'} style={{ marginBottom: 10 }} />
      )}
      <Descriptions size="small" column={2} bordered items={[{ key: 'f', label: '文件', children: `${r.fileName}（${where}）`, span: 2 }, ...facts]} />
      {r.notices.length > 0 ? (
        <ul className="imp-notices">
          {r.notices.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
      {r.kind === 'vouchers' && r.errorCount === 0 ? (
        <Table
          style={{ marginTop: 10 }}
          size="small"
          bordered
          rowKey="period"
          pagination={false}
          scroll={{ y: 200 }}
          dataSource={r.periods}
          columns={[
            { title: '期间', dataIndex: 'period', width: 100 },
            { title: '凭证张数', dataIndex: 'vouchers', width: 100, align: 'right' },
            { title: '分录行数', dataIndex: 'lines', width: 100, align: 'right' },
            { title: '借方合计', dataIndex: 'debit', align: 'right', render: (v: string) => <span className="sanzi-amount">{fmtYuan(v)}</span> },
          ]}
        />
      ) : null}
      {r.errors.length > 0 ? (
        <Table<ImportIssue & { key: number }>
          style={{ marginTop: 10 }}
          size="small"
          bordered
          pagination={false}
          scroll={{ y: 260 }}
          dataSource={r.errors.map((e, i) => ({ ...e, key: i }))}
          columns={[
            { title: '工作表', dataIndex: 'sheet', width: 110, render: (s: string | null) => s ?? '' },
            { title: '行', dataIndex: 'row', width: 64, align: 'right', render: (n: number | null) => n ?? '' },
            { title: '列', dataIndex: 'column', width: 150, render: (c: string | null, e) => (c ? `${c}${e.columnName ? `（${e.columnName}）` : ''}` : '') },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      ) : null}
      {r.errorCount > r.errors.length ? <Typography.Text type="secondary">仅列出前 {r.errors.length} 处。</Typography.Text> : null}
    </div>
  )
}
