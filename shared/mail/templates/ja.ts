import type { DurationPhrases, TemplateSet } from '../catalog.ts';

/** Its own export, so that code which formats durations only (shared/mail/format.ts) carries no template. */
export const jaDurations: DurationPhrases = {
  minutes: { other: '{n}分' },
  hours: { other: '{n}時間' },
  businessMinutes: { other: '{n}分（営業時間内）' },
  businessHours: { other: '{n}営業時間' },
  hoursAndMinutes: '{hours}{minutes}',
};

export const ja: TemplateSet = {
  language: 'ja',
  durations: jaDurations,
  templates: {
    ticket_opened: {
      subject: '[{{ticketId}}] お問い合わせを受け付けました：{{subject}}',
      text: `いつもお世話になっております。サポートチームです。

お問い合わせいただき、ありがとうございます。ご依頼をチケット {{ticketId}} として受け付けました。

件名：{{subject}}
重大度：{{severity}}
サポートプログラム：{{program}}

ご契約の {{program}} サポートプログラムでは、重大度 {{severity}} のチケットに対する初回応答の目標時間は {{objective}} です。遅くとも {{deadline}} までに、担当エンジニアよりご連絡いたします。

このチケットに情報を追加される場合は、件名のチケット番号を残したまま本メールにご返信ください。業務への影響度が変わった場合は、重大度を見直しますのでお知らせください。

よろしくお願いいたします。
サポートチーム`,
      html: `<p>いつもお世話になっております。サポートチームです。</p>
<p>お問い合わせいただき、ありがとうございます。ご依頼をチケット <strong>{{ticketId}}</strong> として受け付けました。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">件名</th><td>{{subject}}</td></tr>
<tr><th align="left">重大度</th><td>{{severity}}</td></tr>
<tr><th align="left">サポートプログラム</th><td>{{program}}</td></tr>
</table>
<p>ご契約の {{program}} サポートプログラムでは、重大度 {{severity}} のチケットに対する初回応答の目標時間は <strong>{{objective}}</strong> です。遅くとも <strong>{{deadline}}</strong> までに、担当エンジニアよりご連絡いたします。</p>
<p>このチケットに情報を追加される場合は、件名のチケット番号を残したまま本メールにご返信ください。業務への影響度が変わった場合は、重大度を見直しますのでお知らせください。</p>
<p>よろしくお願いいたします。<br>サポートチーム</p>`,
    },
    ticket_opened_best_effort: {
      subject: '[{{ticketId}}] お問い合わせを受け付けました：{{subject}}',
      text: `いつもお世話になっております。サポートチームです。

お問い合わせいただき、ありがとうございます。ご依頼をチケット {{ticketId}} として受け付けました。

件名：{{subject}}
重大度：{{severity}}
サポートプログラム：{{program}}

{{program}} プログラムでのお問い合わせは、ベストエフォートでの対応となります。担当エンジニアができる限り早く回答いたしますが、応答時間の保証はございません。本プログラムのサポートは、メールおよび Web ポータルでのみ提供しております。

このチケットに情報を追加される場合は、件名のチケット番号を残したまま本メールにご返信ください。

よろしくお願いいたします。
サポートチーム`,
      html: `<p>いつもお世話になっております。サポートチームです。</p>
<p>お問い合わせいただき、ありがとうございます。ご依頼をチケット <strong>{{ticketId}}</strong> として受け付けました。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">件名</th><td>{{subject}}</td></tr>
<tr><th align="left">重大度</th><td>{{severity}}</td></tr>
<tr><th align="left">サポートプログラム</th><td>{{program}}</td></tr>
</table>
<p>{{program}} プログラムでのお問い合わせは、<strong>ベストエフォート</strong>での対応となります。担当エンジニアができる限り早く回答いたしますが、応答時間の保証はございません。本プログラムのサポートは、メールおよび Web ポータルでのみ提供しております。</p>
<p>このチケットに情報を追加される場合は、件名のチケット番号を残したまま本メールにご返信ください。</p>
<p>よろしくお願いいたします。<br>サポートチーム</p>`,
    },
    warning: {
      subject: '[{{ticketId}}] SLA 警告：初回応答期限まで残り {{timeLeft}}',
      text: `チケット {{ticketId}} の初回応答期限が迫っていますが、まだエンジニアからの応答がありません。

チケット：{{ticketId}}
件名：{{subject}}
顧客：{{accountName}}（サポート ID {{supportId}}）
プログラム：{{program}}
重大度：{{severity}}
応答期限：{{deadline}}
残り時間：{{timeLeft}}

チケットを担当者に割り当て、期限までにお客様へ初回応答を送信してください。

SLA Monitor`,
      html: `<p>チケット <strong>{{ticketId}}</strong> の初回応答期限が迫っていますが、まだエンジニアからの応答がありません。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">チケット</th><td>{{ticketId}}</td></tr>
<tr><th align="left">件名</th><td>{{subject}}</td></tr>
<tr><th align="left">顧客</th><td>{{accountName}}（サポート ID {{supportId}}）</td></tr>
<tr><th align="left">プログラム</th><td>{{program}}</td></tr>
<tr><th align="left">重大度</th><td>{{severity}}</td></tr>
<tr><th align="left">応答期限</th><td>{{deadline}}</td></tr>
<tr><th align="left">残り時間</th><td><strong>{{timeLeft}}</strong></td></tr>
</table>
<p>チケットを担当者に割り当て、期限までにお客様へ初回応答を送信してください。</p>
<p>SLA Monitor</p>`,
    },
    breach: {
      subject: '[{{ticketId}}] SLA 違反：{{accountName}} への初回応答なし',
      text: `チケット {{ticketId}} の初回応答目標が守られませんでした。期限までにエンジニアからの応答がありませんでした。

チケット：{{ticketId}}
件名：{{subject}}
顧客：{{accountName}}（サポート ID {{supportId}}）
プログラム：{{program}}
重大度：{{severity}}
応答期限：{{deadline}}
違反記録日時：{{breachedAt}}

直ちにお客様へ応答し、チケットの割り当てを見直してください。初回応答を送信した後も、このチケットは SLA 違反として記録されたままとなります。

SLA Monitor`,
      html: `<p>チケット <strong>{{ticketId}}</strong> の初回応答目標が<strong>守られませんでした</strong>。期限までにエンジニアからの応答がありませんでした。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">チケット</th><td>{{ticketId}}</td></tr>
<tr><th align="left">件名</th><td>{{subject}}</td></tr>
<tr><th align="left">顧客</th><td>{{accountName}}（サポート ID {{supportId}}）</td></tr>
<tr><th align="left">プログラム</th><td>{{program}}</td></tr>
<tr><th align="left">重大度</th><td>{{severity}}</td></tr>
<tr><th align="left">応答期限</th><td>{{deadline}}</td></tr>
<tr><th align="left">違反記録日時</th><td>{{breachedAt}}</td></tr>
</table>
<p>直ちにお客様へ応答し、チケットの割り当てを見直してください。初回応答を送信した後も、このチケットは SLA 違反として記録されたままとなります。</p>
<p>SLA Monitor</p>`,
    },
    escalation_manager: {
      subject: '[{{ticketId}}] エスカレーション：{{accountName}} がマネージャーとの対話を希望',
      text: `お客様から、チケット {{ticketId}} についてマネージャーと話したいとのご要望がありました。

チケット：{{ticketId}}
件名：{{subject}}
顧客：{{accountName}}（サポート ID {{supportId}}）
依頼者：{{by}}

お客様からのメッセージ：
{{message}}

お客様に連絡し、このエスカレーションの対応を引き受けてください。

SLA Monitor`,
      html: `<p>お客様から、チケット <strong>{{ticketId}}</strong> についてマネージャーと話したいとのご要望がありました。</p>
<table role="presentation" cellpadding="4">
<tr><th align="left">チケット</th><td>{{ticketId}}</td></tr>
<tr><th align="left">件名</th><td>{{subject}}</td></tr>
<tr><th align="left">顧客</th><td>{{accountName}}（サポート ID {{supportId}}）</td></tr>
<tr><th align="left">依頼者</th><td>{{by}}</td></tr>
</table>
<p>お客様からのメッセージ：</p>
<blockquote style="white-space: pre-wrap; border-left: 3px solid #ccc; margin: 0; padding-left: 12px;">{{message}}</blockquote>
<p>お客様に連絡し、このエスカレーションの対応を引き受けてください。</p>
<p>SLA Monitor</p>`,
    },
    escalation_ack: {
      subject: '[{{ticketId}}] エスカレーションのご依頼を受け付けました',
      text: `いつもお世話になっております。サポートチームです。

チケット {{ticketId}}（「{{subject}}」）について、マネージャーとのご相談のご依頼を受け付けました。

サポートマネージャーに連絡済みですので、まもなくマネージャーよりご連絡いたします。その間も、担当エンジニアが引き続き対応を進めてまいります。

よろしくお願いいたします。
サポートチーム`,
      html: `<p>いつもお世話になっております。サポートチームです。</p>
<p>チケット <strong>{{ticketId}}</strong>（「{{subject}}」）について、マネージャーとのご相談のご依頼を受け付けました。</p>
<p>サポートマネージャーに連絡済みですので、まもなくマネージャーよりご連絡いたします。その間も、担当エンジニアが引き続き対応を進めてまいります。</p>
<p>よろしくお願いいたします。<br>サポートチーム</p>`,
    },
    pending_closure: {
      subject: '[{{ticketId}}] ご返信がない場合、チケットをクローズいたします',
      text: `いつもお世話になっております。サポートチームです。

チケット {{ticketId}}（「{{subject}}」）につきまして、日を改めて 3 回ご連絡を試みましたが、ご返信をいただけておりません。

ご返信がない場合、本チケットは {{closesAt}} にクローズいたします。引き続き対応をご希望の場合は、それまでに本メールへご返信ください。

よろしくお願いいたします。
サポートチーム`,
      html: `<p>いつもお世話になっております。サポートチームです。</p>
<p>チケット <strong>{{ticketId}}</strong>（「{{subject}}」）につきまして、日を改めて 3 回ご連絡を試みましたが、ご返信をいただけておりません。</p>
<p>ご返信がない場合、本チケットは <strong>{{closesAt}}</strong> にクローズいたします。引き続き対応をご希望の場合は、それまでに本メールへご返信ください。</p>
<p>よろしくお願いいたします。<br>サポートチーム</p>`,
    },
    closed_no_response: {
      subject: '[{{ticketId}}] チケットをクローズいたしました',
      text: `いつもお世話になっております。サポートチームです。

複数回ご連絡を試みましたがご返信をいただけなかったため、チケット {{ticketId}}（「{{subject}}」）をクローズいたしました。

引き続きサポートが必要な場合は、いつでも新しいチケットを作成いただけます。その際、関連チケットとして {{ticketId}} をご記載いただければ、担当エンジニアがこれまでの経緯を踏まえて対応いたします。

よろしくお願いいたします。
サポートチーム`,
      html: `<p>いつもお世話になっております。サポートチームです。</p>
<p>複数回ご連絡を試みましたがご返信をいただけなかったため、チケット <strong>{{ticketId}}</strong>（「{{subject}}」）をクローズいたしました。</p>
<p>引き続きサポートが必要な場合は、いつでも新しいチケットを作成いただけます。その際、関連チケットとして <strong>{{ticketId}}</strong> をご記載いただければ、担当エンジニアがこれまでの経緯を踏まえて対応いたします。</p>
<p>よろしくお願いいたします。<br>サポートチーム</p>`,
    },
  },
};
