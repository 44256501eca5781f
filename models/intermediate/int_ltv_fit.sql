{#- The lifetime-value parameters (docs/metrics.md, lifetime value) fitted in
    SQL, for engines without dbt Python models: the same maximum-likelihood
    problems as int_ltv_forecasts, on the same rows and scales, from the
    first of its starting points, with the same bounds and choice of model,
    solved by loyalty.maximum_likelihood instead of scipy. -#}
{{ config(enabled=loyalty.using('ltv') and (target.type != 'duckdb' or var('loyalty_macro_tests', false))) }}
{%- set rules = model.config.ltv_fit_rules -%}
{%- set min_repeat_customers = rules['min_repeat_customers'] -%}
{%- set bound = rules['max_abs_log_parameter'] -%}
{%- set at_bound = bound - rules['bound_margin'] -%}
{%- set guarded_exp = 'case when {0} < -700 then 0.0 else exp({0}) end' -%}
{#- The observations are SELECTs from relations, not CTEs: on Spark the
    solver runs each step as its own query (maximum_likelihood). -#}
{%- set purchase_rows -%}
    {#- Time on a unit scale (alpha / days): the same optimum, better conditioned. -#}
    select
        cast(summaries.frequency as {{ loyalty.type_double() }}) as x,
        summaries.recency_days / cast(time_scale.days as {{ loyalty.type_double() }}) as t_x,
        summaries.age_days / cast(time_scale.days as {{ loyalty.type_double() }}) as big_t,
        cast(summaries.customers as {{ loyalty.type_double() }}) as weight,
        time_scale.days
    from {{ ref('int_ltv_summaries') }} as summaries
    cross join (
        select greatest(max(all_summaries.age_days), 1) as days
        from {{ ref('int_ltv_summaries') }} as all_summaries
    ) as time_scale
{%- endset -%}
{%- set spend_rows -%}
    {#- Money on a unit scale (the median, robust to one huge order). -#}
    select
        cast(rfm.frequency as {{ loyalty.type_double() }}) as x,
        rfm.monetary_value / spend_scale.money as m,
        1.0 as weight,
        spend_scale.money
    from {{ ref('int_customers_rfm') }} as rfm
    cross join (
        select {{ loyalty.median('repeaters.monetary_value') }} as money
        from {{ ref('int_customers_rfm') }} as repeaters
        where repeaters.frequency > 0 and repeaters.monetary_value > 0
    ) as spend_scale
    where rfm.frequency > 0 and rfm.monetary_value > 0
{%- endset -%}
with

{#- BG/NBD (Fader, Hardie and Lee 2005, equation 6). -#}
{{ loyalty.maximum_likelihood(
    prefix='bgnbd',
    rows=purchase_rows,
    order_by=['x', 't_x', 'big_t'],
    parameters=['r', 'alpha', 'a', 'b'],
    start=rules['start']['bgnbd'],
    bound=bound,
    terms=[
        [
            ('a3', '-(r + x) * ln(alpha + big_t)'),
            ('a4', 'case when x > 0 then ln(a) - ln(b + x - 1) - (r + x) * ln(alpha + t_x) end'),
            ('inv_bx1', 'case when x > 0 then 1.0 / (b + x - 1) else 0.0 end'),
            ('psi_rx', loyalty.digamma('r + x')), ('psi_r', loyalty.digamma('r')),
            ('psi_bx', loyalty.digamma('b + x')), ('psi_b', loyalty.digamma('b')),
            ('psi_abx', loyalty.digamma('a + b + x')), ('psi_ab', loyalty.digamma('a + b')),
            ('tri_rx', loyalty.trigamma('r + x')), ('tri_r', loyalty.trigamma('r')),
            ('tri_bx', loyalty.trigamma('b + x')), ('tri_b', loyalty.trigamma('b')),
            ('tri_abx', loyalty.trigamma('a + b + x')), ('tri_ab', loyalty.trigamma('a + b')),
            ('lg_part', loyalty.log_gamma('r + x') ~ ' - ' ~ loyalty.log_gamma('r') ~ ' + ' ~ loyalty.log_gamma('b + x')
                ~ ' - ' ~ loyalty.log_gamma('a + b + x') ~ ' - ' ~ loyalty.log_gamma('b') ~ ' + ' ~ loyalty.log_gamma('a + b')),
        ],
        [('top', 'greatest(a3, coalesce(a4, a3))')],
        [
            ('e3', guarded_exp.format('a3 - top')),
            ('e4', 'coalesce(' ~ guarded_exp.format('a4 - top') ~ ', 0.0)'),
        ],
        [
            ('log_sum', 'top + ln(e3 + e4)'),
            ('w3', 'e3 / (e3 + e4)'),
            ('w4', 'e4 / (e3 + e4)'),
            ('d3_1', '-ln(alpha + big_t)'), ('d3_2', '-(r + x) / (alpha + big_t)'),
            ('d4_1', '-ln(alpha + t_x)'), ('d4_2', '-(r + x) / (alpha + t_x)'),
        ],
        [
            ('m_1', 'w3 * d3_1 + w4 * d4_1'),
            ('m_2', 'w3 * d3_2 + w4 * d4_2'),
            ('m_3', 'w4 / a'),
            ('m_4', '-w4 * inv_bx1'),
        ],
    ],
    log_likelihood='lg_part + r * ln(alpha) + log_sum',
    gradient=[
        'psi_rx - psi_r + ln(alpha) + m_1',
        'r / alpha + m_2',
        'psi_ab - psi_abx + m_3',
        'psi_bx - psi_abx - psi_b + psi_ab + m_4',
    ],
    hessian=[
        [
            'tri_rx - tri_r + w3 * d3_1 * d3_1 + w4 * d4_1 * d4_1 - m_1 * m_1',
            '1.0 / alpha + w3 * (-1.0 / (alpha + big_t) + d3_1 * d3_2) + w4 * (-1.0 / (alpha + t_x) + d4_1 * d4_2) - m_1 * m_2',
            'w4 * d4_1 / a - m_1 * m_3',
            '-w4 * d4_1 * inv_bx1 - m_1 * m_4',
        ],
        [
            none,
            '-r / (alpha * alpha) + w3 * ((r + x) / ((alpha + big_t) * (alpha + big_t)) + d3_2 * d3_2)'
                ~ ' + w4 * ((r + x) / ((alpha + t_x) * (alpha + t_x)) + d4_2 * d4_2) - m_2 * m_2',
            'w4 * d4_2 / a - m_2 * m_3',
            '-w4 * d4_2 * inv_bx1 - m_2 * m_4',
        ],
        [none, none, 'tri_ab - tri_abx - m_3 * m_3', 'tri_ab - tri_abx - w4 * inv_bx1 / a - m_3 * m_4'],
        [none, none, none, 'tri_bx - tri_abx - tri_b + tri_ab + 2.0 * w4 * inv_bx1 * inv_bx1 - m_4 * m_4'],
    ],
) }},

{#- The NBD, BG/NBD's limit without dropout (a / (a + b) -> 0). -#}
{{ loyalty.maximum_likelihood(
    prefix='nbd',
    rows=purchase_rows,
    order_by=['x', 't_x', 'big_t'],
    parameters=['r', 'alpha'],
    start=rules['start']['nbd'],
    bound=bound,
    terms=[[
        ('psi_rx', loyalty.digamma('r + x')), ('psi_r', loyalty.digamma('r')),
        ('tri_rx', loyalty.trigamma('r + x')), ('tri_r', loyalty.trigamma('r')),
        ('lg_part', loyalty.log_gamma('r + x') ~ ' - ' ~ loyalty.log_gamma('r')),
    ]],
    log_likelihood='lg_part + r * ln(alpha) - (r + x) * ln(alpha + big_t)',
    gradient=['psi_rx - psi_r + ln(alpha) - ln(alpha + big_t)', 'r / alpha - (r + x) / (alpha + big_t)'],
    hessian=[
        ['tri_rx - tri_r', '1.0 / alpha - 1.0 / (alpha + big_t)'],
        [none, '-r / (alpha * alpha) + (r + x) / ((alpha + big_t) * (alpha + big_t))'],
    ],
) }},

{#- Gamma-Gamma spend (Fader, Hardie and Lee 2005b) on repeat customers. -#}
{{ loyalty.maximum_likelihood(
    prefix='gamma_gamma',
    rows=spend_rows,
    order_by=['x', 'm'],
    parameters=['p', 'q', 'gam'],
    start=rules['start']['gamma_gamma'],
    bound=bound,
    terms=[[
        ('psi_pxq', loyalty.digamma('p * x + q')), ('psi_px', loyalty.digamma('p * x')), ('psi_q', loyalty.digamma('q')),
        ('tri_pxq', loyalty.trigamma('p * x + q')), ('tri_px', loyalty.trigamma('p * x')), ('tri_q', loyalty.trigamma('q')),
        ('lg_part', loyalty.log_gamma('p * x + q') ~ ' - ' ~ loyalty.log_gamma('p * x') ~ ' - ' ~ loyalty.log_gamma('q')),
    ]],
    log_likelihood='lg_part + q * ln(gam) + (p * x - 1) * ln(m) + p * x * ln(x) - (p * x + q) * ln(x * m + gam)',
    gradient=[
        'x * (psi_pxq - psi_px + ln(m) + ln(x) - ln(x * m + gam))',
        'psi_pxq - psi_q + ln(gam) - ln(x * m + gam)',
        'q / gam - (p * x + q) / (x * m + gam)',
    ],
    hessian=[
        ['x * x * (tri_pxq - tri_px)', 'x * tri_pxq', '-x / (x * m + gam)'],
        [none, 'tri_pxq - tri_q', '1.0 / gam - 1.0 / (x * m + gam)'],
        [none, none, '-q / (gam * gam) + (p * x + q) / ((x * m + gam) * (x * m + gam))'],
    ],
) }},

fits as (
    select
        purchase_scale.days,
        spend_scale.money,
        spend_scale.spend_customers,
        purchase_scale.repeat_customers,
        {#- At the bound: a log-parameter within bound_margin of it, so
            the choice of model does not hang on the last digits of where
            the search stopped. -#}
        {%- for fit, names in [('bgnbd', ['r', 'alpha', 'a', 'b']), ('nbd', ['r', 'alpha']), ('gamma_gamma', ['p', 'q', 'gam'])] %}
        (
            {%- for name in names %}
            abs({{ fit }}_fit.log_{{ name }}) >= {{ at_bound }}{{ ' or' if not loop.last }}
            {%- endfor %}
        ) as {{ fit }}_at_bound,
        {%- for name in names %}
        {{ fit }}_fit.log_{{ name }} as {{ fit }}_log_{{ name }},
        {%- endfor %}
        {%- endfor %}
        {#- The no-dropout boundary: mean dropout probability a / (a + b) near 0. #}
        bgnbd_fit.log_a - greatest(bgnbd_fit.log_a, bgnbd_fit.log_b)
        - ln(1.0 + exp(-abs(bgnbd_fit.log_a - bgnbd_fit.log_b))) as bgnbd_log_dropout
    from bgnbd_fit
    cross join nbd_fit
    cross join gamma_gamma_fit
    cross join (
        select
            max(bgnbd_rows.days) as days,
            cast(coalesce(sum(case when bgnbd_rows.x > 0 then bgnbd_rows.weight end), 0) as {{ dbt.type_bigint() }})
            as repeat_customers
        from bgnbd_rows
    ) as purchase_scale
    cross join (
        select
            max(gamma_gamma_rows.money) as money,
            count(*) as spend_customers
        from gamma_gamma_rows
    ) as spend_scale
),

no_dropout as (
    {#- The no-dropout boundary: at a bound, or with a mean dropout
        probability below e^-{{ bound }} anywhere. The likelihood is flat
        along that ridge, and where the search stops on it depends on the
        last digits of the sums, so on the engine's thread count. -#}
    select
        fits.*,
        fits.bgnbd_at_bound or fits.bgnbd_log_dropout <= -{{ bound }} as is_without_dropout
    from fits
),

chosen as (
    select
        no_dropout.*,
        case
            when no_dropout.repeat_customers < {{ min_repeat_customers }}
                then 'not fitted: only ' || cast(no_dropout.repeat_customers as {{ dbt.type_string() }})
                || ' repeat customers (need {{ min_repeat_customers }})'
            when no_dropout.bgnbd_at_bound and no_dropout.bgnbd_log_dropout > -{{ bound / 2 }}
                then 'not fitted: BG/NBD parameters ran to a boundary (the data do not identify the model)'
            when no_dropout.is_without_dropout and no_dropout.nbd_at_bound
                then 'not fitted: NBD parameters ran to a boundary (the data do not identify the model)'
            when no_dropout.spend_customers < {{ min_repeat_customers }}
                then 'not fitted: Gamma-Gamma needs at least {{ min_repeat_customers }} repeat customers'
            when no_dropout.gamma_gamma_log_q <= 0
                then 'not fitted: Gamma-Gamma q <= 1: the population mean order value is not defined'
            when no_dropout.gamma_gamma_at_bound
                then 'not fitted: Gamma-Gamma parameters ran to a boundary (the data do not identify the model)'
            when no_dropout.is_without_dropout
                then 'fitted: nbd (no dropout visible, p_alive = 1) + gamma-gamma'
            else 'fitted: bg/nbd + gamma-gamma'
        end as model_status
    from no_dropout
),

final as (
    select
        case
            when chosen.model_status = 'fitted: bg/nbd + gamma-gamma' then 'bg/nbd'
            when chosen.model_status like 'fitted: nbd%' then 'nbd'
        end as purchase_model,
        case
            when chosen.model_status = 'fitted: bg/nbd + gamma-gamma' then exp(chosen.bgnbd_log_r)
            when chosen.model_status like 'fitted: nbd%' then exp(chosen.nbd_log_r)
        end as bgnbd_r,
        case
            when chosen.model_status = 'fitted: bg/nbd + gamma-gamma' then exp(chosen.bgnbd_log_alpha) * chosen.days
            when chosen.model_status like 'fitted: nbd%' then exp(chosen.nbd_log_alpha) * chosen.days
        end as bgnbd_alpha,
        case when chosen.model_status = 'fitted: bg/nbd + gamma-gamma' then exp(chosen.bgnbd_log_a) end as bgnbd_a,
        case when chosen.model_status = 'fitted: bg/nbd + gamma-gamma' then exp(chosen.bgnbd_log_b) end as bgnbd_b,
        case when chosen.model_status like 'fitted%' then exp(chosen.gamma_gamma_log_p) end as gg_p,
        case when chosen.model_status like 'fitted%' then exp(chosen.gamma_gamma_log_q) end as gg_q,
        case when chosen.model_status like 'fitted%' then exp(chosen.gamma_gamma_log_gam) * chosen.money end as gg_gamma,
        chosen.model_status
    from chosen
)

select * from final
