{#- How often a loyalty game lets players win, per calendar month
    (docs/metrics.md section 13), against the minimum odds a fair game gives
    (var game_min_win_rate). -#}
{{ config(enabled=loyalty.using('programs')) }}
with

plays as (
    select * from {{ ref('stg_loyalty__game_plays') }}
),

months as (
    select * from {{ ref('int_months') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

monthly as (
    select
        {{ loyalty.period_start('plays.played_date', 'month') }} as month_start,
        count(*) as plays,
        count(distinct plays.customer_id) as players,
        count(case when plays.outcome = 'win' then 1 end) as wins
    from plays
    cross join reporting_window
    where plays.played_date <= reporting_window.as_of_date
    group by {{ loyalty.period_start('plays.played_date', 'month') }}
),

final as (
    select
        cast(coalesce(monthly.plays, 0) as {{ dbt.type_bigint() }}) as plays,
        cast(coalesce(monthly.players, 0) as {{ dbt.type_bigint() }}) as players,
        cast(coalesce(monthly.wins, 0) as {{ dbt.type_bigint() }}) as wins,
        {{ loyalty.safe_divide('monthly.wins', 'monthly.plays') }} as win_rate,
        case
            when monthly.plays > 0 then {{ loyalty.safe_divide('monthly.wins', 'monthly.plays') }} >= {{ var('game_min_win_rate') }}
        end as meets_minimum_odds,
        months.is_complete_period,
        months.period_start as month  -- noqa: RF04
    from months
    left join monthly
        on months.period_start = monthly.month_start
)

select * from final
